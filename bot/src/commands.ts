import { LOCALES } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { Api } from "grammy";
import { SALES_ADMIN_COMMANDS } from "./handlers/sales/command-list.ts";

const COMMANDS = ["start", "language", "help"] as const;

/**
 * The command list Telegram shows, per language (English is also the default for everyone else).
 * Admins see `/status` and the sales commands too, in their own chats only, in their language.
 */
export async function registerCommands(
  api: Api,
  adminTelegramIds: readonly number[] = [],
  signal?: AbortSignal,
): Promise<void> {
  // grammY types its signal with an old AbortSignal shim; the runtime object is the same.
  const abort = signal as Parameters<Api["setMyCommands"]>[2];
  for (const locale of LOCALES) {
    const t = translator(locale);
    const commands = COMMANDS.map((command) => ({ command, description: t(`bot.commands.${command}`) }));
    await api.setMyCommands(commands, { language_code: locale }, abort);
    if (locale === "en") await api.setMyCommands(commands, {}, abort);
    const adminCommands = [
      ...commands,
      { command: "status", description: t("admin.status.command") },
      ...SALES_ADMIN_COMMANDS.map((command) => ({ command, description: t(`sales.bot.commands.${command}`) })),
    ];
    for (const chatId of adminTelegramIds) {
      const scope = { type: "chat" as const, chat_id: chatId };
      await api.setMyCommands(adminCommands, { scope, language_code: locale }, abort);
      if (locale === "en") await api.setMyCommands(adminCommands, { scope }, abort);
    }
  }
}
