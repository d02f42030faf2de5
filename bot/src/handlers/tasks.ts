import { Composer, InlineKeyboard } from "grammy";
import { ApiCallError, unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { appUrl } from "../format.ts";
import { addAppButton } from "../keyboards.ts";
import { showScreen } from "./screen.ts";
import { type Task, taskCard, taskLine } from "./task-card.ts";

const LIST_LIMIT = 20;

/** Names of every warehouse (a few hundred at most): one call, for a list or a card. */
export async function warehouseNames(ctx: BotContext): Promise<Map<number, string>> {
  const { warehouses } = await unwrap(await ctx.backend.warehouses.$get({ query: { limit: "1000" } }));
  return new Map(warehouses.map((w) => [w.id, w.name]));
}

async function showList(ctx: BotContext) {
  const { t } = ctx;
  const { tasks } = await unwrap(await ctx.backend.tasks.$get());
  const keyboard = new InlineKeyboard();
  if (tasks.length === 0) {
    keyboard.text(t("bot.menuButtons.new"), "m:new");
    return showScreen(ctx, t("bot.tasks.empty"), keyboard);
  }
  const names = await warehouseNames(ctx);
  const shown = tasks.slice(0, LIST_LIMIT);
  for (const task of shown) keyboard.text(taskLine(t, ctx.locale, task, names), `t:open:${task.id}`).row();
  keyboard.text(t("bot.menuButtons.new"), "m:new");
  const active = tasks.filter((task) => task.status === "active").length;
  const head = t("bot.tasks.header", {
    tasks: t("common.counts.tasks", { count: tasks.length }),
    active: t("bot.tasks.activeCount", { count: active }),
  });
  const more = tasks.length > LIST_LIMIT ? `\n${t("bot.tasks.more", { count: tasks.length - LIST_LIMIT })}` : "";
  return showScreen(ctx, `${head}${more}`, keyboard);
}

function cardKeyboard(ctx: BotContext, task: Task): InlineKeyboard {
  const { t } = ctx;
  const keyboard = new InlineKeyboard();
  if (task.status === "active") keyboard.text(t("bot.task.actions.pause"), `t:pause:${task.id}`);
  if (task.status === "paused") keyboard.text(t("bot.task.actions.resume"), `t:resume:${task.id}`);
  if (task.status === "active" || task.status === "paused")
    keyboard.text(t("bot.task.actions.edit"), `t:edit:${task.id}`);
  keyboard.text(t("bot.task.actions.delete"), `t:delete:${task.id}`).row();
  keyboard.text(t("bot.task.actions.bookings"), `t:bookings:${task.id}`).row();
  addAppButton(keyboard, t("bot.task.openInApp"), appUrl(ctx.miniApp.url, `/tasks/${task.id}`), ctx.miniApp.live);
  return keyboard.row().text(t("bot.tasks.back"), "t:list");
}

export async function showCard(ctx: BotContext, id: number, notice?: string) {
  const param = { id: String(id) };
  const [{ task }, { events }, names] = await Promise.all([
    ctx.backend.tasks[":id"].$get({ param }).then(unwrap),
    ctx.backend.tasks[":id"].events.$get({ param }).then(unwrap),
    warehouseNames(ctx),
  ]);
  const text = taskCard(ctx.t, ctx.locale, task, names, events);
  return showScreen(ctx, notice ? `${notice}\n\n${text}` : text, cardKeyboard(ctx, task));
}

/**
 * `/tasks`: the list with each task's status; a task's card with its last events and what can be
 * done with it — pause / resume, edit, delete (asked twice), its bookings, open in the Mini App.
 */
export function taskHandlers() {
  const composer = new Composer<BotContext>();
  composer.command("tasks", (ctx) => showList(ctx));
  composer.callbackQuery(["t:list", "m:tasks"], (ctx) => showList(ctx));
  composer.callbackQuery(/^t:open:(\d+)$/, (ctx) => showCard(ctx, Number(ctx.match[1])));
  composer.callbackQuery(/^t:(pause|resume):(\d+)$/, async (ctx) => {
    const id = String(ctx.match[2]);
    const status = ctx.match[1] === "pause" ? "paused" : "active";
    try {
      await unwrap(await ctx.backend.tasks[":id"].$patch({ param: { id }, json: { status } }));
    } catch (e) {
      // The plan refuses (402): its reason and way out (/plan) stay on the card, not in a passing toast.
      if (!(e instanceof ApiCallError) || e.status !== 402) throw e;
      await ctx.answerCallbackQuery();
      return showCard(ctx, Number(id), `⚠️ ${e.message}`);
    }
    await ctx.answerCallbackQuery({ text: ctx.t(status === "paused" ? "bot.task.paused" : "bot.task.resumed") });
    return showCard(ctx, Number(id));
  });
  composer.callbackQuery(/^t:delete:(\d+)$/, async (ctx) => {
    const id = Number(ctx.match[1]);
    const keyboard = new InlineKeyboard()
      .text(ctx.t("bot.task.actions.deleteConfirm"), `t:delete!:${id}`)
      .text(ctx.t("bot.task.actions.keep"), `t:open:${id}`);
    return showScreen(ctx, ctx.t("bot.task.deleteQuestion", { id }), keyboard);
  });
  composer.callbackQuery(/^t:delete!:(\d+)$/, async (ctx) => {
    const id = String(ctx.match[1]);
    await unwrap(await ctx.backend.tasks[":id"].$delete({ param: { id } }));
    await ctx.answerCallbackQuery({ text: ctx.t("bot.task.deleted", { id }) });
    return showList(ctx);
  });
  composer.callbackQuery(/^t:edit:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("editTask", Number(ctx.match[1]));
  });
  return composer;
}
