import { conversations } from "@grammyjs/conversations";
import { conversationStore, type Db } from "@slotpilot/db";
import { Api, Composer, type Context, type Transformer } from "grammy";
import type { BotContext } from "../../context.ts";
import { salesAccountCommands } from "./accounts.ts";
import { addAccountCommand } from "./add-account.ts";
import { salesDialogCommands } from "./dialogs.ts";
import { type FileDownloader, salesPromptCommands } from "./prompt.ts";

export { SALES_ADMIN_COMMANDS } from "./command-list.ts";
export { type FileDownloader, telegramFileDownloader } from "./prompt.ts";

/**
 * The sales admin commands. Conversation state (a login waiting for its code, a prompt waiting for
 * its text) is kept in PostgreSQL, per chat, so a restart of the bot loses none.
 */
export function salesAdminHandlers(deps: {
  db: Db | undefined;
  downloadFile: FileDownloader;
  /** The bot's Bot API transformers: `inner` answer instead of Telegram (tests, terminal chat), `outer` retry. */
  apiTransformers: { inner: readonly Transformer[]; outer: readonly Transformer[] };
}) {
  const composer = new Composer<BotContext>();
  const store = deps.db ? conversationStore(deps.db) : undefined;
  composer.use(
    conversations<BotContext, Context>({
      // A conversation builds its own context objects, whose Bot API records every call for replay.
      // Give them the bot's transformers around that recorder: the local Bot API beneath it (so its
      // answers are recorded, not re-sent on replay), the retries above it.
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
              type: "key",
              prefix: "conversation:",
              adapter: {
                read: async (key) => (await store.read(key)) as never,
                write: (key, state) => store.write(key, state),
                delete: (key) => store.delete(key),
              },
            },
          }
        : {}),
    }),
  );
  composer.use(addAccountCommand());
  composer.use(salesPromptCommands(deps.downloadFile));
  composer.use(salesAccountCommands());
  composer.use(salesDialogCommands());
  return composer;
}
