import { Composer } from "grammy";
import type { BotContext } from "../../context.ts";
import { salesAccountCommands } from "./accounts.ts";
import { addAccountCommand } from "./add-account.ts";
import { salesDialogCommands } from "./dialogs.ts";
import { type FileDownloader, salesPromptCommands } from "./prompt.ts";

export { type FileDownloader, telegramFileDownloader } from "./prompt.ts";

/**
 * The sales admin commands. Their conversations (a login waiting for its code, a prompt waiting
 * for its text) run on the bot's one conversations plugin (`conversations/install.ts`), whose
 * state is kept in PostgreSQL per chat, so a restart of the bot loses none.
 */
export function salesAdminHandlers(deps: { downloadFile: FileDownloader }) {
  const composer = new Composer<BotContext>();
  composer.use(addAccountCommand());
  composer.use(salesPromptCommands(deps.downloadFile));
  composer.use(salesAccountCommands());
  composer.use(salesDialogCommands());
  return composer;
}
