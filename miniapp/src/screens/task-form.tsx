import { useCallback, useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Supplies } from "../api.ts";
import { Field } from "../components/field.tsx";
import { SkeletonRows } from "../components/skeleton.tsx";
import { navigate, type TaskPrefill } from "../navigation.ts";
import { useSession } from "../session.tsx";
import { addDays, moscowToday, taskRequest } from "../task-form-model.ts";
import { boxTypeName, draftDetails, draftName } from "../task-format.ts";
import { useMainButton } from "../telegram/main-button.ts";
import { useLoad } from "../use-load.ts";
import { DateFields } from "./task-form-dates.tsx";
import { PriceAndModeFields } from "./task-form-price.tsx";
import { useTaskForm } from "./use-task-form.ts";
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
  const { values, setValues, change, saving, errors, send } = useTaskForm({
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

  const isDraft = values.supply?.startsWith("d:") ?? false;

  const submit = () =>
    send(
      taskRequest(values, {
        chooseSupply: t("miniapp.form.chooseSupply"),
        costCapInvalid: t("miniapp.form.maxCostRubInvalid"),
      }),
      async (body) => {
        const task = await api.createTask(body);
        navigate({ name: "task", id: task.id }, { replace: true });
      },
    );

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
                  <span className="row-main nowrap">{draftName(d, t, i18n.language)}</span>
                  {d.goodQuantity === null ? null : <span className="row-sub">{draftDetails(d, t)}</span>}
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

      <DateFields values={values} errors={errors.byField} change={change} />

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
