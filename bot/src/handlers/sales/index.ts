import { conversations } from "@grammyjs/conversations";
import { conversationStore, type Db } from "@slotpilot/db";
import { Composer } from "grammy";
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
export function salesAdminHandlers(deps: { db: Db | undefined; downloadFile: FileDownloader }) {
  const composer = new Composer<BotContext>();
  const store = deps.db ? conversationStore(deps.db) : undefined;
  composer.use(
    conversations<BotContext, BotContext>(
      store
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
        : {},
    ),
  );
  composer.use(addAccountCommand());
  composer.use(salesPromptCommands(deps.downloadFile));
  composer.use(salesAccountCommands());
  composer.use(salesDialogCommands());
  return composer;
}
