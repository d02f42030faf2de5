import { Composer, InputFile } from "grammy";
import { unwrap } from "../../api-call.ts";
import type { BotContext } from "../../context.ts";
import { attempt, dialogNumber, isAdmin, MESSAGE_LIMIT } from "./common.ts";

type DialogView = Awaited<
  ReturnType<Awaited<ReturnType<BotContext["backend"]["admin"]["sales"]["dialogs"][":id"]["$get"]>>["json"]>
>;

/** `/view N`: the transcript's tail within one Telegram message (the export has it all). */
export function formatDialogView(view: DialogView, t: BotContext["t"]): string {
  const d = view.dialog;
  const header = t("sales.bot.dialogs.viewHeader", {
    id: d.id,
    username: d.username,
    status: t(`sales.bot.dialogs.status.${d.status}`),
    phone: d.accountPhone,
  });
  if (view.messages.length === 0) return `${header}\n\n${t("sales.bot.dialogs.viewEmpty")}`;
  const lines = view.messages.map(
    (m) => `${m.direction === "in" ? `@${d.username}` : m.author === "admin" ? "👤" : "🤖"}: ${m.content}`,
  );
  const kept: string[] = [];
  let size = header.length + 200;
  for (const line of lines.reverse()) {
    if (size + line.length + 2 > MESSAGE_LIMIT) break;
    kept.unshift(line);
    size += line.length + 2;
  }
  const cut = kept.length < view.messages.length ? [t("sales.bot.dialogs.viewTruncated", { id: d.id })] : [];
  return [header, "", ...cut, ...kept].join("\n");
}

/**
 * Dialog commands for admins: `/start @username` (a seller's plain `/start` stays the seller
 * menu), `/list`, `/view N`, `/stop N`, `/export N`, `/export_all`, `/takeover N`, `/handback N`,
 * and while an admin holds a dialog, their plain messages are sent from its account.
 */
export function salesDialogCommands() {
  const composer = new Composer<BotContext>();
  const admins = composer.filter(isAdmin);

  admins.command("start", async (ctx, next) => {
    const target = ctx.match.trim();
    if (!target) return next();
    const { dialog } = await unwrap(await ctx.backend.admin.sales.dialogs.$post({ json: { username: target } }));
    return ctx.reply(
      ctx.t("sales.bot.dialogs.started", { id: dialog.id, username: dialog.username, phone: dialog.accountPhone }),
    );
  });

  admins.command("list", async (ctx) => {
    const { dialogs } = await unwrap(await ctx.backend.admin.sales.dialogs.$get({ query: {} }));
    if (dialogs.length === 0) return ctx.reply(ctx.t("sales.bot.dialogs.listEmpty"));
    const lines = dialogs.map((d) =>
      ctx.t("sales.bot.dialogs.line", {
        id: d.id,
        username: d.username,
        status: ctx.t(`sales.bot.dialogs.status.${d.status}`),
        messages: d.messages,
        holder: d.heldByAdmin ? ctx.t("sales.bot.dialogs.held") : "",
      }),
    );
    let text = ctx.t("sales.bot.dialogs.listTitle");
    for (const line of lines) {
      if (text.length + line.length + 1 > MESSAGE_LIMIT) break;
      text += `\n${line}`;
    }
    return ctx.reply(text);
  });

  /** Commands that take a dialog number. */
  const withId = (command: string, run: (ctx: BotContext, id: string) => Promise<unknown>) =>
    admins.command(command, async (ctx) => {
      const id = dialogNumber(ctx.match);
      if (id === null) return ctx.reply(ctx.t("sales.bot.dialogs.idUsage", { command }));
      return run(ctx, String(id));
    });
  const dialogs = (ctx: BotContext) => ctx.backend.admin.sales.dialogs[":id"];

  withId("view", async (ctx, id) => {
    const view = await unwrap(await dialogs(ctx).$get({ param: { id } }));
    return ctx.reply(formatDialogView(view, ctx.t));
  });
  withId("stop", async (ctx, id) => {
    await unwrap(await dialogs(ctx).stop.$post({ param: { id } }));
    return ctx.reply(ctx.t("sales.bot.dialogs.stopped", { id }));
  });
  withId("takeover", async (ctx, id) => {
    const { dialog } = await unwrap(await dialogs(ctx).takeover.$post({ param: { id } }));
    return ctx.reply(ctx.t("sales.bot.dialogs.takenOver", { id, username: dialog.username }));
  });
  withId("handback", async (ctx, id) => {
    await unwrap(await dialogs(ctx).handback.$post({ param: { id } }));
    return ctx.reply(ctx.t("sales.bot.dialogs.handedBack", { id }));
  });
  withId("export", async (ctx, id) => {
    const view = await unwrap(await dialogs(ctx).$get({ param: { id } }));
    const res = await dialogs(ctx).export.$get({ param: { id } });
    if (!res.ok) await unwrap(res);
    const file = new InputFile(Buffer.from(await res.text(), "utf8"), `dialog-${id}.txt`);
    return ctx.replyWithDocument(file, {
      caption: ctx.t("sales.bot.dialogs.exportCaption", { id, username: view.dialog.username }),
    });
  });
  admins.command("export_all", async (ctx) => {
    const res = await ctx.backend.admin.sales.export.$get();
    if (!res.ok) await unwrap(res);
    const count = Number(res.headers.get("x-dialog-count") ?? 0);
    const file = new InputFile(Buffer.from(await res.text(), "utf8"), "dialogs.txt");
    return ctx.replyWithDocument(file, { caption: ctx.t("sales.bot.dialogs.exportAllCaption", { count }) });
  });

  // While an admin holds a dialog, what they write goes to the prospect from the account.
  admins.on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const relayed = await attempt(async () =>
      unwrap(await ctx.backend.admin.sales.takeover.messages.$post({ json: { text: ctx.message.text } })),
    );
    if (!relayed.ok) return relayed.code === "sales.no_takeover" ? next() : ctx.reply(relayed.message);
    return ctx.reply(
      ctx.t("sales.bot.dialogs.relayed", { id: relayed.value.dialogId, username: relayed.value.username }),
    );
  });
  return composer;
}
