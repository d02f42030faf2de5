import type { ApiClient } from "@slotpilot/api/client";
import { moscowTime, timelineKind } from "@slotpilot/domain";
import type { Translate } from "@slotpilot/locales";
import type { InferResponseType } from "hono/client";
import {
  boxName,
  capName,
  costCapName,
  formatDayList,
  formatDays,
  modeName,
  reasonName,
  supplyName,
} from "../format.ts";

export type Task = InferResponseType<ApiClient["tasks"][":id"]["$get"], 200>["task"];
export type TimelineEvent = InferResponseType<ApiClient["tasks"][":id"]["events"]["$get"], 200>["events"][number];

const STATUS_ICON: Record<Task["status"], string> = {
  active: "🟢",
  booking: "⚡",
  paused: "⏸",
  booked: "✅",
  watching: "✅",
  moving: "⚡",
  expired: "⌛",
  failed: "⛔",
};

/** One line of the task list. */
export function taskLine(
  t: Translate,
  locale: string,
  task: Task,
  warehouseNames: ReadonlyMap<number, string>,
): string {
  const [first = 0, ...rest] = task.warehouseIds;
  const where = warehouseNames.get(first) ?? t("bot.task.warehouseNumber", { id: first });
  const more = rest.length > 0 ? ` +${rest.length}` : "";
  return `${STATUS_ICON[task.status]} #${task.id} · ${where}${more} · ${formatDays(task.dateFrom, task.dateTo, locale)}`;
}

/** "×2", or "free". */
export const coefficientName = (t: Translate, coefficient: unknown) =>
  typeof coefficient === "number" ? (coefficient === 0 ? t("alerts.free") : `×${coefficient}`) : "";

function eventLine(t: Translate, locale: string, event: TimelineEvent, names: ReadonlyMap<number, string>): string {
  const when = moscowTime(event.at, locale);
  const d = event.details as Record<string, unknown>;
  const step = timelineKind(event.kind);
  const warehouseId = typeof d.warehouseId === "number" ? d.warehouseId : null;
  const text = t(`bot.task.events.${step.kind}`, {
    status: "ending" in step ? t(`bot.bookings.statuses.${step.ending}`) : "",
    warehouse: String(
      d.warehouseName ??
        (warehouseId === null ? "" : (names.get(warehouseId) ?? t("bot.task.warehouseNumber", { id: warehouseId }))),
    ),
    date: typeof d.date === "string" ? formatDayList([d.date], locale) : "",
    coefficient: coefficientName(t, d.coefficient),
  });
  return `• ${when} — ${text}`;
}

/** A task as its card in the chat shows it: every field, its status, its last events. */
export function taskCard(
  t: Translate,
  locale: string,
  task: Task,
  names: ReadonlyMap<number, string>,
  events: readonly TimelineEvent[],
): string {
  const lines = [
    `${STATUS_ICON[task.status]} ${t("bot.task.title", { id: task.id })} — ${t(`bot.task.statuses.${task.status}`)}`,
  ];
  if (task.statusReason) lines.push(t("bot.task.reason", { reason: reasonName(t, task.statusReason) }));
  lines.push(
    "",
    t("bot.task.fields.supply", { value: supplyName(t, locale, task.supply) }),
    t("bot.task.fields.warehouses", {
      value: task.warehouseIds.map((id) => names.get(id) ?? t("bot.task.warehouseNumber", { id })).join(" → "),
    }),
    t("bot.task.fields.boxType", { value: boxName(t, task.boxTypeId) }),
    t("bot.task.fields.dates", { value: formatDays(task.dateFrom, task.dateTo, locale) }),
  );
  if (task.skipDates.length > 0)
    lines.push(t("bot.task.fields.skips", { value: formatDayList(task.skipDates, locale) }));
  lines.push(t("bot.task.fields.cap", { value: capName(t, task.maxCoefficient) }));
  // An alert pays nothing: no ruble cap to show.
  if (task.mode !== "alert")
    lines.push(t("bot.task.fields.costCap", { value: costCapName(t, locale, task.maxCostRub) }));
  lines.push(t("bot.task.fields.mode", { value: modeName(t, task.mode, task.dryRun, task.replan) }));
  if (events.length > 0) {
    lines.push("", t("bot.task.lastEvents"));
    for (const event of events.slice(0, 5)) lines.push(eventLine(t, locale, event, names));
  }
  return lines.join("\n");
}
