import { lastTaskDay } from "@slotpilot/domain/tasks/horizon";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, messageOf, type Supplies } from "../api.ts";
import { Field } from "../components/field.tsx";
import { SkeletonRows } from "../components/skeleton.tsx";
import { navigate, type TaskPrefill } from "../navigation.ts";
import { useSession } from "../session.tsx";
import {
  addDays,
  daysBetween,
  type FormField,
  moscowToday,
  placeErrors,
  type TaskFormValues,
  taskRequest,
} from "../task-form-model.ts";
import { boxTypeName, draftDetails, formatDayList } from "../task-format.ts";
import { haptic, useClosingConfirmation } from "../telegram/feedback.ts";
import { useMainButton } from "../telegram/main-button.ts";
import { useLoad } from "../use-load.ts";
import { PriceAndModeFields } from "./task-form-price.tsx";
import { WarehousePicker } from "./warehouse-picker.tsx";

const BOX_TYPES = [2, 5, 6, 0] as const;

/**
 * A new booking task: the same fields and rules as the bot's `/new`. The API decides what is
 * valid; its refusal is shown beside the field it concerns. Opened from a calendar cell, the form
 * starts with that day and box type and the cabinet's supply at that warehouse.
 */
export function TaskFormScreen({ prefill }: { prefill: TaskPrefill }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const cabinets = useLoad(useCallback(() => api.cabinets(), [api]));
  const today = moscowToday();
  const start = prefill.date && prefill.date >= today ? prefill.date : today;
  const [values, setValues] = useState<TaskFormValues>({
    cabinetId: null,
    supply: null,
    warehouseIds: prefill.warehouseId ? [prefill.warehouseId] : [],
    boxTypeId: prefill.boxTypeId ?? 2,
    dateFrom: start,
    dateTo: prefill.date ? start : addDays(start, 6),
    skipDates: [],
    maxCoefficient: "0",
    maxCostRub: "",
    mode: "book",
    dryRun: false,
    replan: false,
  });
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<{ byField: Partial<Record<FormField, string>>; general: string | null }>({
    byField: {},
    general: null,
  });
  useClosingConfirmation(dirty && !saving);
  // A refusal brings the first field it concerns into view (the MainButton may be far below it).
  useEffect(() => {
    if (Object.values(errors.byField).some(Boolean) || errors.general) {
      document.querySelector(".field-invalid, [role=alert]")?.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }, [errors]);

  const list = cabinets.state.status === "ready" ? cabinets.state.data.cabinets : [];
  useEffect(() => {
    if (values.cabinetId === null && list[0]) setValues((v) => ({ ...v, cabinetId: list[0]?.id ?? null }));
  }, [list, values.cabinetId]);

  const cabinetId = values.cabinetId;
  const supplies = useLoad(
    useCallback(
      () => (cabinetId === null ? Promise.resolve<Supplies | null>(null) : api.supplies(cabinetId)),
      [api, cabinetId],
    ),
  );
  const preorders = supplies.state.status === "ready" ? (supplies.state.data?.preorders ?? []) : [];
  const drafts = supplies.state.status === "ready" ? (supplies.state.data?.drafts ?? []) : [];

  // From a calendar cell: the cabinet's preorder at that warehouse and box type, if it has one.
  useEffect(() => {
    if (values.supply !== null || preorders.length === 0 || prefill.warehouseId === undefined) return;
    const match = preorders.find(
      (p) =>
        p.warehouseId === prefill.warehouseId && (prefill.boxTypeId === undefined || p.boxTypeId === prefill.boxTypeId),
    );
    if (match) setValues((v) => ({ ...v, supply: `p:${match.preorderId}`, boxTypeId: match.boxTypeId ?? v.boxTypeId }));
  }, [preorders, prefill, values.supply]);

  const change = (patch: Partial<TaskFormValues>, field?: FormField) => {
    setValues((v) => ({ ...v, ...patch }));
    setDirty(true);
    if (field && errors.byField[field]) setErrors((e) => ({ ...e, byField: { ...e.byField, [field]: undefined } }));
  };

  const isDraft = values.supply?.startsWith("d:") ?? false;
  const range = useMemo(() => daysBetween(values.dateFrom, values.dateTo), [values.dateFrom, values.dateTo]);

  const submit = async () => {
    if (saving) return;
    const request = taskRequest(values, {
      chooseSupply: t("miniapp.form.chooseSupply"),
      costCapInvalid: t("miniapp.form.maxCostRubInvalid"),
    });
    if (!request.ok) {
      setErrors({ byField: request.byField, general: null });
      haptic.error();
      return;
    }
    setSaving(true);
    setErrors({ byField: {}, general: null });
    try {
      const task = await api.createTask(request.body);
      haptic.success();
      setDirty(false);
      navigate({ name: "task", id: task.id }, { replace: true });
    } catch (error) {
      haptic.error();
      setErrors(
        error instanceof ApiError
          ? placeErrors(error.code, error.message, error.fields)
          : { byField: {}, general: messageOf(error) },
      );
    } finally {
      setSaving(false);
    }
  };

  useMainButton({
    text: t("miniapp.form.create"),
    visible: list.length > 0,
    loading: saving,
    onClick: () => void submit(),
  });

  if (cabinets.state.status === "loading") return <SkeletonScreen />;
  if (cabinets.state.status === "failed") {
    return (
      <main className="screen">
        <p className="section section-text error-text">{cabinets.state.message}</p>
      </main>
    );
  }
  if (list.length === 0) {
    return (
      <main className="screen">
        <h1 className="screen-title">{t("miniapp.form.title")}</h1>
        <div className="section section-text">
          <p className="hint">{t("miniapp.form.noCabinet")}</p>
          <button type="button" className="button button-inline" onClick={() => navigate({ name: "cabinets" })}>
            {t("miniapp.home.cabinets.connect")}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="screen">
      <h1 className="screen-title">{t("miniapp.form.title")}</h1>
      {errors.general ? (
        <p className="section section-text error-text" role="alert">
          {errors.general}
        </p>
      ) : null}

      {list.length > 1 ? (
        <Field label={t("miniapp.form.cabinet")} error={errors.byField.cabinet}>
          <select
            className="input"
            value={values.cabinetId ?? ""}
            onChange={(e) => change({ cabinetId: Number(e.target.value), supply: null }, "cabinet")}
          >
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}

      <Field label={t("miniapp.form.supply")} error={errors.byField.supply}>
        {supplies.state.status === "loading" ? (
          <SkeletonRows rows={2} />
        ) : supplies.state.status === "failed" ? (
          <p className="error-text">{supplies.state.message}</p>
        ) : preorders.length === 0 && drafts.length === 0 ? (
          <p className="hint">{t("miniapp.form.noSupplies")}</p>
        ) : (
          <div className="section list">
            {preorders.map((p) => (
              <label key={p.preorderId} className="row">
                <input
                  type="radio"
                  name="supply"
                  checked={values.supply === `p:${p.preorderId}`}
                  onChange={() =>
                    change({ supply: `p:${p.preorderId}`, boxTypeId: p.boxTypeId ?? values.boxTypeId }, "supply")
                  }
                />
                <span className="row-title row-stack">
                  {/* The preorder number whole: it is how the seller finds the supply in WB. */}
                  <span className="row-main nowrap">
                    {t("miniapp.task.supplyKinds.preorder", { id: p.preorderId })}
                  </span>
                  <span className="row-sub">
                    {[p.warehouseName, p.boxTypeId === null ? null : boxTypeName(p.boxTypeId, t)]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </span>
                <span className="check" aria-hidden="true" />
              </label>
            ))}
            {drafts.map((d) => (
              <label key={d.draftId} className="row">
                <input
                  type="radio"
                  name="supply"
                  checked={values.supply === `d:${d.draftId}`}
                  onChange={() => change({ supply: `d:${d.draftId}` }, "supply")}
                />
                <span className="row-title row-stack">
                  <span className="row-main nowrap">
                    {t("miniapp.task.supplyKinds.draft", { id: `${d.draftId.slice(0, 8)}…` })}
                  </span>
                  <span className="row-sub">{draftDetails(d, t, i18n.language)}</span>
                </span>
                <span className="check" aria-hidden="true" />
              </label>
            ))}
          </div>
        )}
      </Field>

      {isDraft ? (
        <>
          <Field
            label={t("miniapp.form.warehouses")}
            error={errors.byField.warehouses}
            hint={t("miniapp.form.warehousesHint")}
          >
            <WarehousePicker
              value={values.warehouseIds}
              onChange={(ids) => change({ warehouseIds: ids }, "warehouses")}
            />
          </Field>
          <Field label={t("miniapp.form.boxType")} error={errors.byField.boxType}>
            <div className="segmented">
              {BOX_TYPES.map((id) => (
                <button
                  key={id}
                  type="button"
                  aria-pressed={values.boxTypeId === id}
                  className={values.boxTypeId === id ? "segment segment-on" : "segment"}
                  onClick={() => change({ boxTypeId: id }, "boxType")}
                >
                  {boxTypeName(id, t)}
                </button>
              ))}
            </div>
          </Field>
        </>
      ) : null}

      <div className="field-pair">
        <Field label={t("miniapp.form.dateFrom")} error={errors.byField.dateFrom}>
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
        <Field label={t("miniapp.form.dateTo")} error={errors.byField.dateTo}>
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

      {range.length > 1 ? (
        <Field
          label={t("miniapp.form.skipDates")}
          error={errors.byField.skipDates}
          hint={
            values.skipDates.length > 0
              ? t("miniapp.form.skipped", { days: formatDayList(values.skipDates, i18n.language) })
              : t("miniapp.form.skipHint")
          }
        >
          <div className="chips">
            {range.map((day) => {
              const on = values.skipDates.includes(day);
              return (
                <button
                  key={day}
                  type="button"
                  className={on ? "chip chip-off" : "chip"}
                  aria-pressed={on}
                  onClick={() => {
                    haptic.select();
                    change(
                      { skipDates: on ? values.skipDates.filter((d) => d !== day) : [...values.skipDates, day].sort() },
                      "skipDates",
                    );
                  }}
                >
                  {Number(day.slice(8))}
                </button>
              );
            })}
          </div>
        </Field>
      ) : null}

      <PriceAndModeFields values={values} errors={errors.byField} change={change} />
    </main>
  );
}

function SkeletonScreen() {
  return (
    <main className="screen" aria-busy="true">
      <span className="skeleton skeleton-title" />
      <SkeletonRows rows={3} />
      <SkeletonRows rows={2} />
    </main>
  );
}
