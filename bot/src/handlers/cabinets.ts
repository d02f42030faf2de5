import { Composer, InlineKeyboard } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { showScreen } from "./screen.ts";

/** A cabinet as `/api/cabinets` lists it; `portal` arrives with portal sessions. */
interface CabinetRow {
  id: number;
  name: string;
  tokenType: "personal" | "basic" | null;
  monitorOptIn: boolean;
  portal?: { state: string; waitingFor: string | null } | null;
}

function cabinetLine(ctx: BotContext, cabinet: CabinetRow): string {
  const { t } = ctx;
  const parts = [`🗄 ${cabinet.name}`];
  parts.push(cabinet.tokenType ? t(`bot.cabinets.token.${cabinet.tokenType}`) : t("bot.cabinets.token.none"));
  if (cabinet.portal !== undefined) {
    parts.push(
      cabinet.portal
        ? t(`bot.cabinets.portal.${cabinet.portal.state}`, { defaultValue: cabinet.portal.state })
        : t("bot.cabinets.portal.none"),
    );
  }
  if (cabinet.monitorOptIn) parts.push(t("bot.cabinets.monitor"));
  return parts.join(" · ");
}

async function showCabinets(ctx: BotContext) {
  const { t } = ctx;
  const { cabinets } = (await unwrap(await ctx.backend.cabinets.$get())) as { cabinets: CabinetRow[] };
  const keyboard = new InlineKeyboard();
  for (const cabinet of cabinets) {
    const portal = cabinet.portal;
    // Portal sessions: log in, or again after WB dropped the session.
    if (portal !== undefined && portal?.state !== "ACTIVE") {
      keyboard.text(
        t(portal ? "bot.cabinets.reconnect" : "bot.cabinets.login", { name: cabinet.name }),
        `cab:login:${cabinet.id}`,
      );
    }
    keyboard.text(t("bot.cabinets.remove", { name: cabinet.name }), `cab:remove:${cabinet.id}`).row();
  }
  keyboard.text(t("bot.cabinets.add"), "cab:add");
  const text =
    cabinets.length === 0
      ? t("bot.cabinets.empty")
      : [t("bot.cabinets.title"), "", ...cabinets.map((c) => cabinetLine(ctx, c))].join("\n");
  return showScreen(ctx, text, keyboard);
}

/** `/cabinets`: connected WB cabinets, their token and portal session; add, log in again, remove. */
export function cabinetHandlers() {
  const composer = new Composer<BotContext>();
  composer.command("cabinets", (ctx) => showCabinets(ctx));
  composer.callbackQuery(["m:cabinets", "cab:list"], (ctx) => showCabinets(ctx));
  composer.callbackQuery("cab:add", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("connectCabinet");
  });
  composer.callbackQuery(/^cab:login:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("reconnectCabinet", Number(ctx.match[1]));
  });
  composer.callbackQuery(/^cab:remove:(\d+)$/, (ctx) => {
    const id = ctx.match[1];
    const keyboard = new InlineKeyboard()
      .text(ctx.t("bot.cabinets.removeConfirm"), `cab:remove!:${id}`)
      .text(ctx.t("bot.task.actions.keep"), "cab:list");
    return showScreen(ctx, ctx.t("bot.cabinets.removeQuestion"), keyboard);
  });
  composer.callbackQuery(/^cab:remove!:(\d+)$/, async (ctx) => {
    await unwrap(await ctx.backend.cabinets[":id"].$delete({ param: { id: String(ctx.match[1]) } }));
    await ctx.answerCallbackQuery({ text: ctx.t("bot.cabinets.removed") });
    return showCabinets(ctx);
  });
  return composer;
}
