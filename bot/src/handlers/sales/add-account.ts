import { type Conversation, createConversation } from "@grammyjs/conversations";
import { translator } from "@slotpilot/locales";
import { Composer, type Context } from "grammy";
import { unwrap } from "../../api-call.ts";
import type { BotContext } from "../../context.ts";
import { attempt, isAdmin } from "./common.ts";

/** A login the admin does not finish is closed by the worker after 10 minutes; the conversation waits a little longer. */
const WAIT_MS = 11 * 60_000;

/**
 * `/add_account <phone> [proxy]`: the API records the login, a worker opens a live client and asks
 * Telegram for the code (and tells the admin where it went). This conversation then takes what the
 * admin types — the code (spaced, `1 2 3 4 5`: Telegram cancels a code that appears in a message),
 * then the 2FA password if asked, whose message is deleted at once — and hands each to the API.
 * Which one a text is, the login's state says; `/cancel` ends it. Other commands pass through.
 */
export async function addAccount(conversation: Conversation<BotContext, Context>, _ctx: Context, loginId: number) {
  const id = String(loginId);
  const t = translator(await conversation.external((outer) => outer.locale));
  for (;;) {
    const next = await conversation.waitFor("message:text");
    const text = next.message.text.trim();
    if (text === "/cancel") {
      await conversation.external(async (outer) =>
        attempt(async () => unwrap(await outer.backend.admin.sales.logins[":id"].$delete({ param: { id } }))),
      );
      await next.reply(t("sales.bot.addAccount.cancelled"));
      return;
    }
    if (text.startsWith("/")) await conversation.skip({ next: true });
    const login = await conversation.external(
      async (outer) => (await unwrap(await outer.backend.admin.sales.logins[":id"].$get({ param: { id } }))).login,
    );
    if (login.status === "code_sent") {
      const sent = await conversation.external((outer) =>
        attempt(async () =>
          unwrap(await outer.backend.admin.sales.logins[":id"].code.$post({ param: { id }, json: { code: text } })),
        ),
      );
      await next.reply(sent.ok ? t("sales.bot.addAccount.checking") : sent.message);
    } else if (login.status === "password_needed") {
      // The password must not stay in the chat history.
      await next.deleteMessage().catch(() => {});
      const sent = await conversation.external((outer) =>
        attempt(async () =>
          unwrap(
            await outer.backend.admin.sales.logins[":id"].password.$post({ param: { id }, json: { password: text } }),
          ),
        ),
      );
      await next.reply(sent.ok ? t("sales.bot.addAccount.passwordReceived") : sent.message);
    } else if (
      login.status === "requested" ||
      login.status === "code_submitted" ||
      login.status === "password_submitted"
    ) {
      await next.reply(t("sales.bot.addAccount.waiting", { status: login.status }));
    } else {
      // done, failed, expired or cancelled: this text was not for the login; let the rest of the bot have it.
      await conversation.halt({ next: true });
    }
  }
}

/** Starts the login through the API, then hands the chat to the `addAccount` conversation. */
export function addAccountCommand() {
  const composer = new Composer<
    BotContext & { conversation: { enter(name: string, ...args: unknown[]): Promise<void> } }
  >();
  composer.use(
    createConversation<BotContext, Context>(addAccount, { id: "addAccount", maxMillisecondsToWait: WAIT_MS }),
  );
  composer.filter(isAdmin).command("add_account", async (ctx) => {
    const [phone, proxy] = ctx.match.trim().split(/\s+/);
    if (!phone) return ctx.reply(ctx.t("sales.bot.addAccount.usage"));
    const { login } = await unwrap(
      await ctx.backend.admin.sales.logins.$post({ json: { phone, ...(proxy ? { proxy } : {}) } }),
    );
    // The message carried a proxy password, perhaps: keep it out of the chat history.
    if (proxy) await ctx.deleteMessage().catch(() => {});
    await ctx.reply(ctx.t("sales.bot.addAccount.requested", { phone: login.phone }));
    return ctx.conversation.enter("addAccount", login.id);
  });
  return composer;
}
