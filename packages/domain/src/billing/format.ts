/** How plan dates and amounts read, the same in the bot, the Mini App and the notifier. */

/** A day of a plan's period as a Moscow calendar day: "30 December" / "30 декабря". */
export const moscowDay = (at: string | Date, locale: string): string =>
  new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    day: "numeric",
    month: "long",
    timeZone: "Europe/Moscow",
  }).format(new Date(at));

/** Stars as "990 ⭐"; a card currency from its minor units: "15.00 USD". */
export const formatAmount = (amount: number, currency: string): string =>
  currency === "XTR" ? `${amount} ⭐` : `${(amount / 100).toFixed(2)} ${currency}`;
