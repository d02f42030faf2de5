/** How plan dates and amounts read, the same in the bot, the Mini App and the notifier. */

/** A day of a plan's period as a Moscow calendar day: "30 December" / "30 декабря". */
export const moscowDay = (at: string | Date, locale: string): string =>
  new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    day: "numeric",
    month: "long",
    timeZone: "Europe/Moscow",
  }).format(new Date(at));

/**
 * Stars grouped as the reader writes numbers ("1,790 ⭐" / «1 790 ⭐»); a card currency from its
 * minor units, in the reader's way: "USD 15.00" / «15,00 USD».
 */
export const formatAmount = (amount: number, currency: string, locale: string): string =>
  currency === "XTR"
    ? `${new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-GB").format(amount)} ⭐`
    : new Intl.NumberFormat(locale === "ru" ? "ru-RU" : "en-GB", {
        style: "currency",
        currency,
        currencyDisplay: "code",
      }).format(amount / 100);
