import { conversations } from "@grammyjs/conversations";
import { conversationStore, type Db } from "@slotpilot/db";
import { Api, type Context, type Transformer } from "grammy";
import type { BotContext } from "../context.ts";

/** The bot's Bot API transformers: `inner` answer instead of Telegram (tests, terminal chat), `outer` retry. */
export interface ApiTransformers {
  inner: readonly Transformer[];
  outer: readonly Transformer[];
}

/**
 * The conversations plugin, installed once for every multi-step flow of the bot. State lives in
 * PostgreSQL, one row per chat (`conversation:<chatId>`), so a restart of the bot loses no
 * half-finished flow; without a database (transport tests) it lives in memory.
 */
export function installConversations(deps: { db: Db | undefined; apiTransformers: ApiTransformers }) {
  const store = deps.db ? conversationStore(deps.db) : undefined;
  return conversations<BotContext, Context>({
    // A conversation builds its own context objects, whose Bot API records every call for replay.
    // They get the bot's transformers around that recorder: the local Bot API beneath it (so its
    // answers are recorded, not sent again on replay), the retries above it.
    plugins: [
      (ctx, next) => {
        const api = new Api(ctx.api.token, ctx.api.options);
        api.config.use(
          ...deps.apiTransformers.inner,
          ...ctx.api.config.installedTransformers(),
          ...deps.apiTransformers.outer,
        );
        (ctx as { api: Api }).api = api;
        return next();
      },
    ],
    ...(store
      ? {
          storage: {
            type: "key" as const,
            prefix: "conversation:",
            adapter: {
              read: async (key: string) => (await store.read(key)) as never,
              write: (key: string, state: unknown) => store.write(key, state),
              delete: (key: string) => store.delete(key),
            },
          },
        }
      : {}),
  });
}
