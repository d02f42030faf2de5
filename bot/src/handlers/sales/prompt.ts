import { type Conversation, createConversation } from "@grammyjs/conversations";
import { translator } from "@slotpilot/locales";
import { Composer, type Context } from "grammy";
import { unwrap } from "../../api-call.ts";
import type { BotContext } from "../../context.ts";
import { attempt, isAdmin, MESSAGE_LIMIT } from "./common.ts";

/** A prompt sent as a file: at most this big, and UTF-8 text. */
const MAX_DOCUMENT_BYTES = 64 * 1024;

/** Downloads a file the user sent (by its Bot API `file_path`). Tests and the terminal chat answer locally. */
export type FileDownloader = (filePath: string) => Promise<Uint8Array>;

/** Telegram's file endpoint (`apiRoot`: TELEGRAM_API_ROOT, e.g. a local Bot API server). */
export function telegramFileDownloader(token: string, apiRoot = "https://api.telegram.org"): FileDownloader {
  return async (filePath) => {
    const res = await fetch(`${apiRoot}/file/bot${token}/${filePath}`, {
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`file download failed: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

function decodeText(bytes: Uint8Array): string | null {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

/** `/set_prompt` without text: waits for the prompt as a message or a .txt document. */
function setPromptConversation(download: FileDownloader) {
  return async function setPrompt(conversation: Conversation<BotContext, Context>, _ctx: Context) {
    const t = translator(await conversation.external((outer) => outer.locale));
    for (;;) {
      const next = await conversation.waitFor(["message:text", "message:document"]);
      let text: string | null;
      if (next.message.document) {
        const doc = next.message.document;
        if ((doc.file_size ?? 0) > MAX_DOCUMENT_BYTES) {
          await next.reply(t("sales.bot.prompt.badDocument"));
          continue;
        }
        const file = await next.getFile();
        text = await conversation.external(async () =>
          file.file_path ? decodeText(await download(file.file_path)) : null,
        );
        if (text === null) {
          await next.reply(t("sales.bot.prompt.badDocument"));
          continue;
        }
      } else {
        text = next.message.text ?? "";
        if (text.trim() === "/cancel") {
          await next.reply(t("sales.bot.prompt.cancelled"));
          return;
        }
        if (text.startsWith("/")) await conversation.skip({ next: true });
      }
      const saved = await conversation.external((outer) =>
        attempt(async () => unwrap(await outer.backend.admin.sales.prompt.$post({ json: { text: text ?? "" } }))),
      );
      if (!saved.ok) {
        await next.reply(saved.message);
        continue;
      }
      await next.reply(t("sales.bot.prompt.saved", { version: saved.value.prompt.version }));
      return;
    }
  };
}

/** `/prompt` shows the current version; `/set_prompt <text>` (or a following message or .txt file) makes a new one. */
export function salesPromptCommands(download: FileDownloader) {
  const composer = new Composer<BotContext>();
  composer.use(
    createConversation<BotContext, Context>(setPromptConversation(download), {
      id: "setPrompt",
      maxMillisecondsToWait: 15 * 60_000,
    }),
  );
  const admins = composer.filter(isAdmin);
  admins.command("prompt", async (ctx) => {
    const { prompt } = await unwrap(await ctx.backend.admin.sales.prompt.$get());
    const date = new Date(prompt.createdAt).toISOString().slice(0, 16).replace("T", " ");
    const text = ctx.t("sales.bot.prompt.current", { version: prompt.version, date, text: prompt.text });
    return ctx.reply(text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT - 1)}…`);
  });
  admins.command("set_prompt", async (ctx) => {
    const text = ctx.match.trim();
    if (!text) {
      await ctx.reply(ctx.t("sales.bot.prompt.ask"));
      return ctx.conversation.enter("setPrompt");
    }
    const { prompt } = await unwrap(await ctx.backend.admin.sales.prompt.$post({ json: { text } }));
    return ctx.reply(ctx.t("sales.bot.prompt.saved", { version: prompt.version }));
  });
  return composer;
}
