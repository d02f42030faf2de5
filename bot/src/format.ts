import { boxTypeKey, shortId, taskReasonKey } from "@slotpilot/domain";
import { boxTypeName, type Translate } from "@slotpilot/locales";

const INTL: Record<string, string> = { ru: "ru-RU", en: "en-GB" };
const utc = (day: string) => new Date(`${day}T00:00:00Z`);

/** "25–30 Nov", "28 Nov – 3 Dec"; one day when both ends are the same. WB's days are calendar days (UTC). */
export function formatDays(from: string, to: string, locale: string): string {
  const format = new Intl.DateTimeFormat(INTL[locale] ?? locale, { day: "numeric", month: "short", timeZone: "UTC" });
  return format.formatRange(utc(from), utc(to));
}

/** "25 Nov, 27 Nov". */
export function formatDayList(days: readonly string[], locale: string): string {
  const format = new Intl.DateTimeFormat(INTL[locale] ?? locale, { day: "numeric", month: "short", timeZone: "UTC" });
  return days.map((d) => format.format(utc(d))).join(", ");
}

export const boxName = (t: Translate, id: number) => boxTypeName(t, id, boxTypeKey(id));

/** A task's status reason in the reader's words (a code this build does not know, as it is). */
export const reasonName = (t: Translate, code: string) => {
  const key = taskReasonKey(code);
  return key ? t(key) : code;
};

export const capName = (t: Translate, max: number) =>
  max === 0 ? t("bot.task.capFree") : t("bot.task.capUpTo", { max });

/**
 * A task's supply as a seller names it: the preorder number whole, never shortened; a draft as
 * `draftLabel` names it (the task keeps no date of the draft, so its short id).
 */
export const supplyName = (
  t: Translate,
  locale: string,
  supply: { kind: "preorder"; preorderId: number } | { kind: "draft"; draftId: string },
) =>
  supply.kind === "preorder"
    ? t("bot.task.supply.preorder", { id: supply.preorderId })
    : draftLabel(t, locale, { draftId: supply.draftId, createdAt: null, goodQuantity: null });

/**
 * A draft as the bot names it everywhere (its button, the summary, the card): when it was made
 * and how many goods it holds (what the seller sees in the portal's list of drafts), then the
 * start of its id to tell two alike apart — never the whole id.
 */
export function draftLabel(
  t: Translate,
  locale: string,
  draft: { draftId: string; createdAt: string | null; goodQuantity: number | null },
): string {
  const parts = [
    draft.createdAt
      ? t("bot.task.supply.draftOf", { date: formatDayList([draft.createdAt.slice(0, 10)], locale) })
      : t("bot.task.supply.draftUndated"),
  ];
  // A flow saved before drafts kept their goods has none at all.
  if (typeof draft.goodQuantity === "number") parts.push(t("common.counts.goods", { count: draft.goodQuantity }));
  parts.push(shortId(draft.draftId));
  return parts.join(" · ");
}

/** The Mini App URL of a screen (`/tasks/12`). */
export const appUrl = (base: string, path: string) => `${base.replace(/\/$/, "")}${path}`;

/** "5,000", «5 000»: an amount as the reader writes numbers. */
export const amountName = (locale: string, amount: number) =>
  new Intl.NumberFormat(INTL[locale] ?? locale, { maximumFractionDigits: 2 }).format(amount);

/** "5,000 ₽", «5 000 ₽». */
export const rubles = (t: Translate, locale: string, amount: number) =>
  t("bookingResult.rubles", { amount: amountName(locale, amount) });

/** A task's ruble cap on the acceptance cost, or "no cap"; 0 ₽ said for what it means (free slots only). */
export const costCapName = (t: Translate, locale: string, max: number | null) =>
  max === null
    ? t("bot.task.costCapNone")
    : max === 0
      ? t("bot.task.costCapFreeOnly")
      : t("bot.task.costCapUpTo", { amount: amountName(locale, max) });

/** What a task does when a slot fits: book, book as a dry run, or alert. */
export const modeName = (t: Translate, mode: "book" | "alert", dryRun: boolean, replan = false) =>
  mode === "book" && dryRun
    ? t("bot.task.modes.dryRun")
    : mode === "book" && replan
      ? t("bot.task.modes.replan")
      : t(`bot.task.modes.${mode}`);
