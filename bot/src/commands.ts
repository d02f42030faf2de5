import { LOCALES } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { Api } from "grammy";
import { ADMIN_COMMANDS, SELLER_COMMANDS } from "./handlers/command-lists.ts";

/**
 * The command list Telegram shows, per language (English is also the default for everyone else).
 * Admins see their commands too, in their own chats only, in their language.
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
    const commands = SELLER_COMMANDS.map((command) => ({ command, description: t(`bot.commands.${command}`) }));
    await api.setMyCommands(commands, { language_code: locale }, abort);
    if (locale === "en") await api.setMyCommands(commands, {}, abort);
    const adminCommands = [
      ...commands,
      ...ADMIN_COMMANDS.map((c) => ({ command: c.command, description: t(c.description) })),
    ];
    for (const chatId of adminTelegramIds) {
      const scope = { type: "chat" as const, chat_id: chatId };
      await api.setMyCommands(adminCommands, { scope, language_code: locale }, abort);
      if (locale === "en") await api.setMyCommands(adminCommands, { scope }, abort);
    }
  }
}
