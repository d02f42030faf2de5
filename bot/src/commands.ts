import { LOCALES } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { Api } from "grammy";

const COMMANDS = ["start", "language", "help"] as const;

/** The command list Telegram shows, per language (English is also the default for everyone else). */
export async function registerCommands(api: Api): Promise<void> {
  for (const locale of LOCALES) {
    const t = translator(locale);
    const commands = COMMANDS.map((command) => ({ command, description: t(`bot.commands.${command}`) }));
    await api.setMyCommands(commands, { language_code: locale });
    if (locale === "en") await api.setMyCommands(commands);
  }
}
