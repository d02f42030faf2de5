import type { ApiClient } from "@slotpilot/api/client";
import { BOOKING_REASONS } from "@slotpilot/domain";
import type { Translate } from "@slotpilot/locales";
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { InferResponseType } from "hono/client";
import { unwrap, unwrapBytes } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { formatDayList, rubles } from "../format.ts";
import { showScreen } from "./screen.ts";
import { coefficientName } from "./task-card.ts";
import { warehouseNames } from "./tasks.ts";

export type Booking = InferResponseType<ApiClient["tasks"][":id"]["bookings"]["$get"], 200>["bookings"][number];

/** The newest bookings a card lists; the Mini App's timeline has them all. */
const LIST_LIMIT = 10;
const WORDED = new Set<string>(BOOKING_REASONS);

/** Why a booking did not go through, in the reader's language (the API's own words for a code we do not know). */
export function bookingReason(t: Translate, booking: Pick<Booking, "reason" | "reasonMessage">): string {
  if (booking.reason && WORDED.has(booking.reason)) return t(`errors.${booking.reason}`);
  return booking.reasonMessage ?? t("taskStatus.noReason");
}

/** The lines of a task's bookings, newest first, numbered as their screenshot buttons are. */
export function bookingLines(
  t: Translate,
  locale: string,
  bookings: readonly Booking[],
  names: ReadonlyMap<number, string>,
): string[] {
  return bookings.map((b, i) => {
    const line = t("bot.bookings.line", {
      n: i + 1,
      status: t(`bot.bookings.statuses.${b.status}`),
      warehouse: names.get(b.warehouseId) ?? t("bot.task.warehouseNumber", { id: b.warehouseId }),
      date: formatDayList([b.date], locale),
      coefficient: coefficientName(t, b.coefficient),
      cost: b.acceptanceCost === null ? t("bot.bookings.noCost") : rubles(t, locale, b.acceptanceCost),
    });
    const failed = b.status === "missed" || b.status === "failed";
    return failed ? `${line}\n    ${bookingReason(t, b)}` : line;
  });
}

async function showBookings(ctx: BotContext, taskId: number) {
  const { t, locale } = ctx;
  const [{ bookings }, names] = await Promise.all([
    ctx.backend.tasks[":id"].bookings.$get({ param: { id: String(taskId) } }).then(unwrap),
    warehouseNames(ctx),
  ]);
  const keyboard = new InlineKeyboard();
  if (bookings.length === 0) {
    keyboard.text(t("bot.bookings.back"), `t:open:${taskId}`);
    return showScreen(ctx, t("bot.bookings.empty", { id: taskId }), keyboard);
  }
  const shown = bookings.slice(0, LIST_LIMIT);
  const lines = [
    t("bot.bookings.header", { id: taskId, bookings: t("common.counts.bookings", { count: bookings.length }) }),
    "",
    ...bookingLines(t, locale, shown, names),
  ];
  if (bookings.length > shown.length) lines.push("", t("bot.bookings.more", { count: bookings.length - shown.length }));
  let buttons = 0;
  shown.forEach((b, i) => {
    if (!b.screenshotUrl) return;
    keyboard.text(t("bot.bookings.screenshot", { n: i + 1 }), `t:shot:${taskId}:${b.id}`);
    if (++buttons % 2 === 0) keyboard.row();
  });
  keyboard.row().text(t("bot.bookings.back"), `t:open:${taskId}`);
  return showScreen(ctx, lines.join("\n"), keyboard);
}

/** The portal page at a failed booking, as a photo (fetched through the API, as the user). */
async function sendScreenshot(ctx: BotContext, taskId: number, bookingId: number) {
  const { t, locale } = ctx;
  const [{ bookings }, names] = await Promise.all([
    ctx.backend.tasks[":id"].bookings.$get({ param: { id: String(taskId) } }).then(unwrap),
    warehouseNames(ctx),
  ]);
  const booking = bookings.find((b) => b.id === bookingId);
  const png = await unwrapBytes(
    await ctx.backend.bookings[":id"].screenshot.$get({ param: { id: String(bookingId) } }),
  );
  await ctx.answerCallbackQuery().catch(() => undefined);
  const caption = booking
    ? t("bot.bookings.screenshotCaption", {
        warehouse: names.get(booking.warehouseId) ?? t("bot.task.warehouseNumber", { id: booking.warehouseId }),
        date: formatDayList([booking.date], locale),
        reason: bookingReason(t, booking),
      })
    : "";
  await ctx.replyWithPhoto(new InputFile(png, `booking-${bookingId}.png`), caption ? { caption } : {});
}

/** A task's bookings from its card: outcome, reason, warehouse, date, coefficient, cost; a failure's screenshot. */
export function taskBookingHandlers() {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(/^t:bookings:(\d+)$/, (ctx) => showBookings(ctx, Number(ctx.match[1])));
  composer.callbackQuery(/^t:shot:(\d+):(\d+)$/, (ctx) =>
    sendScreenshot(ctx, Number(ctx.match[1]), Number(ctx.match[2])),
  );
  return composer;
}
