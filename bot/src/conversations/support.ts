import { createConversation } from "@grammyjs/conversations";
import { Composer, type Context } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { type Convo, Dialog, runFlow } from "./dialog.ts";

/** `/support`: one message to the team; it reaches every admin with a Reply button. */
export async function support(conversation: Convo, ctx: Context) {
  await runFlow(async () => {
    const dialog = await Dialog.open(conversation, ctx);
    for (;;) {
      const answer = await dialog.ask(dialog.t("bot.support.prompt"), undefined, { back: false });
      if (answer === "back" || answer.kind !== "text") continue;
      const sent = await dialog.call(async (outer) =>
        unwrap(await outer.backend.support.$post({ json: { text: answer.text } })),
      );
      if (!sent.ok) {
        await dialog.explain(sent.fields?.[0]?.message ?? sent.message);
        continue;
      }
      await dialog.say(dialog.t(sent.value.delivered ? "bot.support.sent" : "bot.support.nobody"));
      return;
    }
  });
}

/** An admin's answer to one seller, started by the Reply button under their message. */
export async function supportReply(conversation: Convo, ctx: Context, telegramId: number) {
  await runFlow(async () => {
    const dialog = await Dialog.open(conversation, ctx);
    for (;;) {
      const answer = await dialog.ask(dialog.t("bot.support.replyPrompt", { telegramId }), undefined, { back: false });
      if (answer === "back" || answer.kind !== "text") continue;
      const sent = await dialog.call(async (outer) =>
        unwrap(await outer.backend.admin.support.reply.$post({ json: { telegramId, text: answer.text } })),
      );
      if (!sent.ok) {
        await dialog.explain(sent.fields?.[0]?.message ?? sent.message);
        continue;
      }
      await dialog.say(dialog.t("bot.support.replied"));
      return;
    }
  });
}

export function supportHandlers() {
  const composer = new Composer<BotContext>();
  composer.use(createConversation<BotContext, Context>(support, { id: "support" }));
  composer.use(createConversation<BotContext, Context>(supportReply, { id: "supportReply" }));
  composer.command("support", async (ctx) => {
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("support");
  });
  composer.callbackQuery(/^sup:reply:(\d+)$/, async (ctx, next) => {
    if (ctx.seller.user.role !== "admin") return next();
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("supportReply", Number(ctx.match[1]));
  });
  return composer;
}
