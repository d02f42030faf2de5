import { lastTaskDay } from "@slotpilot/domain/tasks/horizon";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../components/field.tsx";
import { moscowToday, skipDayMonths } from "../task-form-model.ts";
import { formatDayList, monthName } from "../task-format.ts";
import { haptic } from "../telegram/feedback.ts";
import type { TaskFieldsProps } from "./use-task-form.ts";

/**
 * The task form's dates: the first and last day (within WB's horizon, from today in Moscow), and
 * the days between to skip, by month, once the range is one a task can have. Each shows the API's
 * refusal beside it.
 */
export function DateFields({ values, errors, change }: TaskFieldsProps) {
  const { t, i18n } = useTranslation();
  const today = moscowToday();
  const months = useMemo(
    () => skipDayMonths(values.dateFrom, values.dateTo, today),
    [values.dateFrom, values.dateTo, today],
  );
  return (
    <>
      <div className="field-pair">
        <Field label={t("miniapp.form.dateFrom")} error={errors.dateFrom}>
          <input
            type="date"
            className="input"
            aria-label={t("miniapp.form.dateFrom")}
            value={values.dateFrom}
            min={today}
            max={lastTaskDay(today)}
            onChange={(e) => change({ dateFrom: e.target.value }, "dateFrom")}
          />
        </Field>
        <Field label={t("miniapp.form.dateTo")} error={errors.dateTo}>
          <input
            type="date"
            className="input"
            aria-label={t("miniapp.form.dateTo")}
            value={values.dateTo}
            min={values.dateFrom}
            max={lastTaskDay(today)}
            onChange={(e) => change({ dateTo: e.target.value }, "dateTo")}
          />
        </Field>
      </div>

      {months.length > 0 ? (
        <Field
          label={t("miniapp.form.skipDates")}
          error={errors.skipDates}
          hint={
            values.skipDates.length > 0
              ? t("miniapp.form.skipped", { days: formatDayList(values.skipDates, i18n.language) })
              : t("miniapp.form.skipHint")
          }
        >
          {months.map(({ month, days }) => (
            <fieldset key={month} className="chip-group">
              <legend className="chip-group-label">{monthName(month, i18n.language)}</legend>
              <div className="chips">
                {days.map((day) => {
                  const on = values.skipDates.includes(day);
                  return (
                    <button
                      key={day}
                      type="button"
                      className={on ? "chip chip-off" : "chip"}
                      aria-pressed={on}
                      aria-label={formatDayList([day], i18n.language)}
                      onClick={() => {
                        haptic.select();
                        change(
                          {
                            skipDates: on
                              ? values.skipDates.filter((d) => d !== day)
                              : [...values.skipDates, day].sort(),
                          },
                          "skipDates",
                        );
                      }}
                    >
                      {Number(day.slice(8))}
                    </button>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </Field>
      ) : null}
    </>
  );
}
