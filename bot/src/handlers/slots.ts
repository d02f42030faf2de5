import type { SlotsResponse } from "@slotpilot/api/client";
import { moscowToday } from "@slotpilot/domain";
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { boxName, formatDays } from "../format.ts";
import { addDays } from "../keyboards/calendar.ts";
import { addAppButton } from "../keyboards.ts";
import { calendarSvg } from "../slots-picture/calendar-svg.ts";
import { svgToPng } from "../slots-picture/to-png.ts";

const DAYS = 14;
const MAX_ROWS = 12;

/**
 * `/slots`: what is open now at the seller's warehouses (those of their active tasks and their
 * favourites; without any, the warehouses with the most open cells), drawn as a picture of the
 * calendar, with a button to the full calendar in the Mini App.
 */
export function slotsHandler(now: () => Date = () => new Date()) {
  const composer = new Composer<BotContext>();
  const send = async (ctx: BotContext) => {
    const { t } = ctx;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    const [{ tasks }, { warehouseIds: favourites }] = await Promise.all([
      ctx.backend.tasks.$get().then(unwrap),
      ctx.backend.me.favourites.$get().then(unwrap),
    ]);
    const active = tasks.filter((task) => task.status === "active");
    // The box type most of the seller's active tasks use.
    const counts = new Map<number, number>();
    for (const task of active) counts.set(task.boxTypeId, (counts.get(task.boxTypeId) ?? 0) + 1);
    const boxTypeId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 2;
    const own = [...new Set([...active.flatMap((task) => task.warehouseIds), ...favourites])].slice(0, MAX_ROWS);
    const from = moscowToday(now());
    const to = addDays(from, DAYS - 1);
    // The calendar is sent pre-serialized (cached and compressed), so the client cannot infer its type.
    const response = await ctx.backend.slots.$get({
      query: { from, to, boxTypeId: String(boxTypeId), ...(own.length > 0 ? { warehouseIds: own.join(",") } : {}) },
    });
    const calendar = (await unwrap(response)) as SlotsResponse;
    const cells = new Map<string, { coefficient: number; allowUnload: boolean }>();
    const open = new Map<number, number>();
    for (const [warehouseId, date, , coefficient, allowUnload] of calendar.cells) {
      cells.set(`${warehouseId}:${date}`, { coefficient, allowUnload });
      if (allowUnload && coefficient >= 0 && coefficient <= 2) open.set(warehouseId, (open.get(warehouseId) ?? 0) + 1);
    }
    const names = new Map(
      calendar.warehouses.map((w) => [w.id, w.name ?? t("bot.task.warehouseNumber", { id: w.id })]),
    );
    const rows =
      own.length > 0
        ? own.map((id) => ({ id, name: names.get(id) ?? t("bot.task.warehouseNumber", { id }) }))
        : [...open.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, MAX_ROWS)
            .map(([id]) => ({ id, name: names.get(id) ?? String(id) }));
    const days = Array.from({ length: DAYS }, (_, i) => addDays(from, i));
    const svg = calendarSvg({
      title: t("bot.slots.title", { boxType: boxName(t, boxTypeId) }),
      subtitle: t(own.length > 0 ? "bot.slots.subtitleOwn" : "bot.slots.subtitleBusiest", {
        days: formatDays(from, to, ctx.locale),
      }),
      days,
      warehouses: rows,
      cells,
      locale: ctx.locale,
      legend: {
        free: t("bot.slots.legend.free"),
        cheap: t("bot.slots.legend.cheap"),
        medium: t("bot.slots.legend.medium"),
        dear: t("bot.slots.legend.dear"),
        closed: t("bot.slots.legend.closed"),
      },
      empty: t("bot.slots.empty"),
    });
    const openCells = rows.reduce((n, r) => n + (open.get(r.id) ?? 0), 0);
    const keyboard = addAppButton(
      new InlineKeyboard(),
      t("bot.slots.fullCalendar"),
      `${ctx.miniApp.url.replace(/\/$/, "")}/calendar`,
      ctx.miniApp.live,
    );
    await ctx.replyWithPhoto(new InputFile(svgToPng(svg), "slots.png"), {
      caption: t("bot.slots.caption", { open: t("common.counts.openCells", { count: openCells }) }),
      reply_markup: keyboard,
    });
  };
  composer.command("slots", send);
  composer.callbackQuery("m:slots", send);
  return composer;
}
