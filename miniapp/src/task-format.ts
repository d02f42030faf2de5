import { moscowTime } from "@slotpilot/domain/moscow-time";
import { taskReasonKey } from "@slotpilot/domain/tasks/reasons";
import { shortId } from "@slotpilot/domain/text";
import type { TFunction } from "i18next";
import type { Booking, Task } from "./api.ts";

/** WB's box type ids; the API refuses any other. */
const BOX_TYPES: Record<number, string> = { 2: "boxes", 5: "monopallets", 6: "supersafe", 0: "qrBoxes" };

export function boxTypeName(id: number, t: TFunction): string {
  const key = BOX_TYPES[id];
  return key ? t(`common.boxTypes.${key}`) : t("common.boxTypes.unknown", { id });
}

/** A task's status reason in the reader's words (a code this build does not know, as it is). */
export function reasonName(code: string, t: TFunction): string {
  const key = taskReasonKey(code);
  return key ? t(key) : code;
}

/** A task's supply: the preorder's number whole; a draft as "Draft" (its id is a hash, no name). */
export function supplyName(supply: Task["supply"], t: TFunction): string {
  return supply.kind === "preorder"
    ? t("miniapp.task.supplyKinds.preorder", { id: supply.preorderId })
    : `${t("miniapp.task.supplyKinds.draft")} · ${shortId(supply.draftId)}`;
}

/** A draft in the supply picker, named as the portal lists it: by the day it was made. */
export function draftName(draft: { createdAt: string | null }, t: TFunction, locale: string): string {
  return draft.createdAt
    ? t("miniapp.task.supplyKinds.draftOf", { date: formatDayList([draft.createdAt.slice(0, 10)], locale) })
    : t("miniapp.task.supplyKinds.draft");
}

export function capName(maxCoefficient: number, t: TFunction): string {
  return maxCoefficient === 0 ? t("miniapp.task.caps.free") : t("miniapp.task.caps.upTo", { max: maxCoefficient });
}

/** A task's ruble cap on the acceptance cost: "Up to 5,000 ₽", or "No cap". */
export function costCapName(maxCostRub: number | null, t: TFunction, locale: string): string {
  if (maxCostRub === null) return t("miniapp.task.costCaps.none");
  return t("miniapp.task.costCaps.upTo", { amount: new Intl.NumberFormat(locale).format(maxCostRub) });
}

/**
 * A task's days are calendar days (`YYYY-MM-DD`, WB's Moscow days), not moments: they are read and
 * formatted in UTC so that no time zone can move them to the day before.
 */
const calendarDay = (day: string) => new Date(`${day}T00:00:00Z`);

function dayFormat(locale: string, days: readonly string[]) {
  // The year only when it is not this year's, as Telegram writes dates.
  const thisYear = String(new Date().getFullYear());
  const otherYear = days.some((day) => !day.startsWith(thisYear));
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    ...(otherYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  });
}

/** "Nov 24 – 30", "Nov 28 – Dec 3"; one day when both ends are the same. */
export function formatDays(from: string, to: string, locale: string): string {
  return dayFormat(locale, [from, to]).formatRange(calendarDay(from), calendarDay(to));
}

/** "Nov 26, Nov 27": a plain comma list, as Intl.ListFormat would put "and" before the last. */
export function formatDayList(days: readonly string[], locale: string): string {
  const format = dayFormat(locale, days);
  return days.map((day) => format.format(calendarDay(day))).join(", ");
}

/**
 * A moment (an event, a deadline) on WB's Moscow clock, as the bot writes it, marked as Moscow
 * time: "1 Dec, 08:18 MSK", «1 дек., 08:18 МСК». Never the device's own zone: the chat and the app
 * must not disagree about when something happened.
 */
export function formatMoment(iso: string, t: TFunction, locale: string): string {
  return t("common.moscowTime", { time: moscowTime(iso, locale) });
}

/** What the portal's list of drafts shows of one besides its day (its name): how many goods it holds. */
export function draftDetails(draft: { goodQuantity: number | null }, t: TFunction): string {
  return draft.goodQuantity === null ? "" : t("common.counts.goods", { count: draft.goodQuantity });
}

/** A month of skippable days, as a chip group's label: "November", «Январь 2027» (the year when not this one). */
export function monthName(month: string, locale: string): string {
  const otherYear = !month.startsWith(String(new Date().getFullYear()));
  const name = new Intl.DateTimeFormat(locale, {
    month: "long",
    ...(otherYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(new Date(`${month}-01T00:00:00Z`));
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * Where a booked task's supply is planned, first thing on its screen: «Забронировано: Электросталь,
 * 5 декабря, ×0 (бесплатно), 0 ₽» — the acceptance cost from the confirmed booking of that slot,
 * when WB told it. Null while nothing is booked.
 */
export function bookedSummary(
  task: Pick<Task, "planned">,
  bookings: readonly Pick<Booking, "status" | "warehouseId" | "date" | "acceptanceCost">[],
  warehouse: (id: number) => string,
  t: TFunction,
  locale: string,
): string | null {
  const planned = task.planned;
  if (!planned) return null;
  const confirmed = bookings.find(
    (b) => b.status === "confirmed" && b.warehouseId === planned.warehouseId && b.date === planned.date,
  );
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" });
  const slot = [
    warehouse(planned.warehouseId),
    day.format(calendarDay(planned.date)),
    planned.coefficient === 0
      ? t("miniapp.task.bookedFree")
      : t("miniapp.task.bookedCoefficient", { coefficient: planned.coefficient }),
    ...(confirmed?.acceptanceCost == null
      ? []
      : [`${new Intl.NumberFormat(locale).format(confirmed.acceptanceCost)} ₽`]),
  ];
  return t("miniapp.task.booked", { slot: slot.join(", ") });
}
