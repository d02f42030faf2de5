import type { TFunction } from "i18next";
import type { TimelineEvent } from "./api.ts";
import { formatDayList } from "./task-format.ts";
import { warehouseName } from "./warehouse-names.ts";

const KNOWN_EVENTS = ["created", "paused", "resumed", "edited", "alert"];
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
  if (KNOWN_EVENTS.includes(event.kind)) return t(`miniapp.task.events.${event.kind}`, slot);
  if (event.kind === "booking_started") return t("miniapp.task.bookings.attempting", slot);
  const [, prefix, status] = /^(booking|move)_(\w+)$/.exec(event.kind) ?? [];
  if (status && BOOKING_STATUSES.includes(status))
    return prefix === "move"
      ? t(status === "confirmed" ? "miniapp.task.events.moved" : "miniapp.task.events.moveMissed", slot)
      : t(`miniapp.task.bookings.${status}`, slot);
  return t("miniapp.task.events.other");
}
