import { useTranslation } from "react-i18next";
import { Field } from "../components/field.tsx";
import { SwitchRow } from "../components/switch-row.tsx";
import { replanHint } from "../plan-format.ts";
import { capName } from "../task-format.ts";
import { haptic } from "../telegram/feedback.ts";
import type { TaskFieldsProps } from "./use-task-form.ts";

const CAPS = [0, 1, 2, 3, 5, 10] as const;

/**
 * The task form's price and mode: the highest coefficient, book or alert, and for a book task the
 * ruble cap on the acceptance cost, the dry run and re-plan. Each shows the API's refusal beside it.
 */
export function PriceAndModeFields({ values, errors, change }: TaskFieldsProps) {
  const { t } = useTranslation();
  /** A book task's on/off option: its label and switch (`miniapp.form.<field>…`), and its hint. */
  const switchField = (field: "dryRun" | "replan", hint: string) => (
    <Field label={t(`miniapp.form.${field}`)} error={errors[field]} hint={hint}>
      <div className="section form-section">
        <SwitchRow
          title={t(`miniapp.form.${field}Switch`)}
          checked={values[field]}
          onChange={(checked) => {
            haptic.select();
            change({ [field]: checked }, field);
          }}
        />
      </div>
    </Field>
  );
  return (
    <>
      <Field
        label={t("miniapp.form.maxCoefficient")}
        error={errors.maxCoefficient}
        hint={t("miniapp.form.maxCoefficientHint")}
      >
        <div className="chips">
          {CAPS.map((cap) => (
            <button
              key={cap}
              type="button"
              className={values.maxCoefficient === String(cap) ? "chip chip-on" : "chip"}
              aria-pressed={values.maxCoefficient === String(cap)}
              onClick={() => change({ maxCoefficient: String(cap) }, "maxCoefficient")}
            >
              {capName(cap, t)}
            </button>
          ))}
        </div>
        <input
          type="number"
          inputMode="numeric"
          className="input"
          aria-label={t("miniapp.form.maxCoefficient")}
          value={values.maxCoefficient}
          onChange={(e) => change({ maxCoefficient: e.target.value }, "maxCoefficient")}
        />
      </Field>

      <Field label={t("miniapp.form.mode")} error={errors.mode}>
        <div className="section list">
          {(["book", "alert"] as const).map((mode) => (
            <label key={mode} className="row">
              <input
                type="radio"
                name="mode"
                checked={values.mode === mode}
                onChange={() => change({ mode }, "mode")}
              />
              <span className="row-title row-stack">
                <span className="row-main">{t(`miniapp.task.modes.${mode}`)}</span>
                <span className="row-sub">{t(`miniapp.form.modeHint.${mode}`)}</span>
              </span>
              <span className="check" aria-hidden="true" />
            </label>
          ))}
        </div>
      </Field>

      {/* Only a task that books pays for acceptance: an alert has no ruble cap. */}
      {values.mode === "book" ? (
        <Field label={t("miniapp.form.maxCostRub")} error={errors.maxCostRub} hint={t("miniapp.form.maxCostRubHint")}>
          {/* Text, not a number input: what was typed reaches the model, which says if it is no sum at all. */}
          <input
            type="text"
            inputMode="numeric"
            className="input"
            aria-label={t("miniapp.form.maxCostRub")}
            placeholder={t("miniapp.form.maxCostRubPlaceholder")}
            value={values.maxCostRub}
            onChange={(e) => change({ maxCostRub: e.target.value }, "maxCostRub")}
          />
        </Field>
      ) : null}
      {values.mode === "book" ? switchField("dryRun", t("miniapp.form.dryRunHint")) : null}
      {/* A dry run books nothing, so there is nothing to move. */}
      {values.mode === "book" && !values.dryRun ? switchField("replan", replanHint(t)) : null}
    </>
  );
}
