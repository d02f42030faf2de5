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
/** The box type drawn when the seller has no task to say which (boxes, what most sellers ship). */
const DEFAULT_BOX_TYPE = 2;

/** Tasks whose warehouses the seller still cares about: all but those that ended. */
const ENDED = new Set(["expired", "failed"]);

/** A row of the picture: a warehouse in one box type. */
type Row = { warehouseId: number; boxTypeId: number };
const rowKey = (row: Row) => `${row.warehouseId}:${row.boxTypeId}`;

/**
 * The rows of the seller's picture: each warehouse of their tasks in that task's box type (a
 * warehouse two tasks watch in two box types gets a row for each), then their favourites in the
 * box type most of their tasks use.
 */
export function sellerRows(
  tasks: readonly { status: string; warehouseIds: readonly number[]; boxTypeId: number }[],
  favourites: readonly number[],
): Row[] {
  const live = tasks.filter((task) => !ENDED.has(task.status));
  const counts = new Map<number, number>();
  for (const task of live) counts.set(task.boxTypeId, (counts.get(task.boxTypeId) ?? 0) + 1);
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? DEFAULT_BOX_TYPE;
  const rows = new Map<string, Row>();
  for (const task of live) {
    for (const warehouseId of task.warehouseIds) {
      const row = { warehouseId, boxTypeId: task.boxTypeId };
      rows.set(rowKey(row), row);
    }
  }
  const shown = new Set([...rows.values()].map((r) => r.warehouseId));
  for (const warehouseId of favourites) {
    if (!shown.has(warehouseId)) rows.set(rowKey({ warehouseId, boxTypeId: usual }), { warehouseId, boxTypeId: usual });
  }
  return [...rows.values()].slice(0, MAX_ROWS);
}

/**
 * `/slots`: what is open now at the seller's warehouses — each in the box type of the seller's
 * own task for it (those of their tasks still going, then their favourites; without any, the
 * warehouses with the most open boxes cells) — drawn as one picture of the calendar, with a
 * button to the full calendar in the Mini App. When the rows are in more than one box type, each
 * row names its own under the warehouse.
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
    const own = sellerRows(tasks, favourites);
    const from = moscowToday(now());
    const to = addDays(from, DAYS - 1);
    const boxTypes = own.length > 0 ? [...new Set(own.map((r) => r.boxTypeId))] : [DEFAULT_BOX_TYPE];
    // One calendar per box type in use (usually one), each for its own rows' warehouses.
    const calendars = await Promise.all(
      boxTypes.map(async (boxTypeId) => {
        const ids = own.filter((r) => r.boxTypeId === boxTypeId).map((r) => r.warehouseId);
        const response = await ctx.backend.slots.$get({
          query: { from, to, boxTypeId: String(boxTypeId), ...(ids.length > 0 ? { warehouseIds: ids.join(",") } : {}) },
        });
        // The calendar is sent pre-serialized (cached and compressed), so the client cannot infer its type.
        return (await unwrap(response)) as SlotsResponse;
      }),
    );
    const cells = new Map<string, { coefficient: number; allowUnload: boolean }>();
    const open = new Map<string, number>();
    const names = new Map<number, string>();
    for (const calendar of calendars) {
      for (const w of calendar.warehouses) if (w.name) names.set(w.id, w.name);
      for (const [warehouseId, date, boxTypeId, coefficient, allowUnload] of calendar.cells) {
        const key = rowKey({ warehouseId, boxTypeId });
        cells.set(`${key}:${date}`, { coefficient, allowUnload });
        if (allowUnload && coefficient >= 0 && coefficient <= 2) open.set(key, (open.get(key) ?? 0) + 1);
      }
    }
    const busiest = (): Row[] =>
      [...open.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_ROWS)
        .map(([key]) => {
          const [warehouseId = 0, boxTypeId = DEFAULT_BOX_TYPE] = key.split(":").map(Number);
          return { warehouseId, boxTypeId };
        });
    const shown = own.length > 0 ? own : busiest();
    // A warehouse with no cells these days is not in the calendar's list: its name comes from the directory.
    if (shown.some((row) => !names.has(row.warehouseId))) {
      const { warehouses } = await unwrap(await ctx.backend.warehouses.$get({ query: { limit: "1000" } }));
      for (const w of warehouses) if (!names.has(w.id)) names.set(w.id, w.name);
    }
    const mixed = boxTypes.length > 1;
    const rows = shown.map((row) => ({
      key: rowKey(row),
      name: names.get(row.warehouseId) ?? t("bot.task.warehouseNumber", { id: row.warehouseId }),
      note: mixed ? boxName(t, row.boxTypeId) : undefined,
    }));
    const days = Array.from({ length: DAYS }, (_, i) => addDays(from, i));
    const svg = calendarSvg({
      title: mixed
        ? t("bot.slots.titleMixed")
        : t("bot.slots.title", { boxType: boxName(t, boxTypes[0] ?? DEFAULT_BOX_TYPE) }),
      subtitle: t(own.length > 0 ? "bot.slots.subtitleOwn" : "bot.slots.subtitleBusiest", {
        days: formatDays(from, to, ctx.locale),
      }),
      days,
      rows,
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
    const openCells = rows.reduce((n, r) => n + (open.get(r.key) ?? 0), 0);
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
