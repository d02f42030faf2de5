import type { SalesMessageView } from "@slotpilot/db";
import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";

export interface TranscriptDialog {
  id: number;
  username: string;
  status: string;
  accountPhone: string;
  createdAt: Date;
}

const DATE_LOCALES: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

/**
 * A dialog as plain text for an admin (what `/export` sends): a header, then each message with its
 * time in the sales time zone, who wrote it, and for AI messages the prompt version, model and tokens.
 */
export function formatTranscript(
  dialog: TranscriptDialog,
  messages: readonly SalesMessageView[],
  locale: Locale,
  timeZone: string,
): string {
  const t = translator(locale);
  const time = new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const head = [
    t("sales.transcript.title", { id: dialog.id, username: dialog.username }),
    t("sales.transcript.status", { status: t(`sales.bot.dialogs.status.${dialog.status}`) }),
    t("sales.transcript.account", { phone: dialog.accountPhone }),
    t("sales.transcript.started", { at: time.format(dialog.createdAt), zone: timeZone }),
  ];
  const body = messages.map((m) => {
    const who =
      m.author === "prospect"
        ? t("sales.transcript.prospect", { username: dialog.username })
        : m.author === "admin"
          ? t("sales.transcript.admin")
          : t("sales.transcript.ai", {
              version: m.promptVersion ?? "?",
              model: m.model ?? "?",
              tokens: (m.promptTokens ?? 0) + (m.completionTokens ?? 0),
            });
    return `[${time.format(m.at)}] ${who}:\n${m.content}`;
  });
  return `${[...head, "", ...body].join("\n")}\n`;
}
