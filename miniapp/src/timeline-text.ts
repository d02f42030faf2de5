import { timelineKind } from "@slotpilot/domain/tasks/timeline-kind";
import type { TFunction } from "i18next";
import type { TimelineEvent } from "./api.ts";
import { formatDayList } from "./task-format.ts";
import { warehouseName } from "./warehouse-names.ts";

export const BOOKING_STATUSES = ["pending", "attempting", "confirmed", "dry_run", "missed", "failed"];

/** "×2", or the word for free. */
export const coefficientName = (coefficient: unknown, t: TFunction) =>
  coefficient === 0 ? t("alerts.free") : `×${String(coefficient ?? "")}`;

/**
 * A timeline event in words. The booker's own (`booking_started`, `booking_<status>` for a booking
 * older than the list beside it, `move_<status>` for a re-plan's move) are worded like bookings;
 * a kind this build does not know says only that the task changed, never its code.
 */
export function eventText(
  event: TimelineEvent,
  t: TFunction,
  locale: string,
  names: ReadonlyMap<number, string>,
): string {
  const d = event.details as Record<string, unknown>;
  const slot = {
    warehouse:
      typeof d.warehouseName === "string"
        ? d.warehouseName
        : typeof d.warehouseId === "number"
          ? warehouseName(names, d.warehouseId, t)
          : "",
    date: typeof d.date === "string" ? formatDayList([d.date], locale) : "",
    coefficient: coefficientName(d.coefficient, t),
  };
  const step = timelineKind(event.kind);
  switch (step.kind) {
    case "other":
      return t("miniapp.task.events.other");
    case "started":
      return t("miniapp.task.bookings.attempting", slot);
    case "booking":
      return t(`miniapp.task.bookings.${step.ending}`, slot);
    case "move":
      return t(step.ending === "confirmed" ? "miniapp.task.events.moved" : "miniapp.task.events.moveMissed", slot);
    default:
      return t(`miniapp.task.events.${step.kind}`, slot);
  }
}
