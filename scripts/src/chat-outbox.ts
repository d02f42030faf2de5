import type { Db } from "@slotpilot/db";
import { MESSAGE_KINDS, recipientLocale, withPortalLink } from "@slotpilot/workers";

type Button = { text: string; url?: string; web_app?: { url: string }; callback_data?: string };

/**
 * The messages Slotpilot itself sends this chat (alerts, notices — everything that goes through
 * the notifications outbox), printed as they are queued: the terminal stands in for Telegram.
 * Starts from the newest row, so only what happens from now on is shown.
 */
export async function followOutbox(options: {
  db: Db;
  chatId: number;
  publicUrl: string;
  /** The WB seller portal: alerts link to the supply there, as in Telegram. */
  wbPortalUrl: string | undefined;
  print: (text: string, buttons: Button[]) => void;
  intervalMs?: number;
}): Promise<() => void> {
  const newest = await options.db
    .selectFrom("notifications")
    .where("chat_id", "=", options.chatId)
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  let after = Number(newest?.id ?? 0);
  let stopped = false;
  const poll = async () => {
    const rows = await options.db
      .selectFrom("notifications")
      .leftJoin("users", "users.telegram_id", "notifications.chat_id")
      .where("notifications.chat_id", "=", options.chatId)
      .where("notifications.id", ">", after)
      .select([
        "notifications.id",
        "notifications.kind",
        "notifications.payload",
        "users.locale",
        "users.language_code",
      ])
      .orderBy("notifications.id")
      .execute();
    for (const row of rows) {
      after = row.id;
      const locale = recipientLocale({ locale: row.locale, languageCode: row.language_code });
      const payload =
        row.kind === "slot.alert" ? await withPortalLink(options.db, options.wbPortalUrl, row.payload) : row.payload;
      const message = MESSAGE_KINDS[row.kind]?.(payload, locale, options.publicUrl);
      if (message) options.print(message.text, (message.replyMarkup?.inline_keyboard.flat() ?? []) as Button[]);
    }
  };
  const timer = setInterval(() => {
    if (!stopped) void poll().catch(() => undefined);
  }, options.intervalMs ?? 1000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
