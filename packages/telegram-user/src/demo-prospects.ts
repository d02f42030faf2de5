import type { SimulatedTelegram } from "./simulated-telegram.ts";

/**
 * Demo mode's simulated Telegram, stocked with one demo account and a few prospects who answer the
 * way real sellers might: one becomes interested, one asks for the price (the AI hands it to a
 * human), one asks not to be written to again. Each answers a few seconds after a message reaches
 * them. Nothing here talks to Telegram.
 */
export const DEMO_ACCOUNT_PHONE = "+79990001001";
export const DEMO_PROSPECTS = {
  wb_seller_anna: [
    "Здравствуйте. Ловлю сама, по утрам сижу в кабинете. А что у вас?",
    "Звучит интересно, давайте попробуем!",
  ],
  wb_seller_oleg: ["Привет. Сколько стоит?", "Ок, жду."],
  wb_seller_nina: ["Не пишите мне больше."],
} as const;

export function stockDemoTelegram(telegram: SimulatedTelegram, replyDelayMs = 4000): void {
  telegram.addAccount({ phone: DEMO_ACCOUNT_PHONE, username: "slotpilot_demo_sales" });
  telegram.addAccount({ phone: "+79990001002", username: "slotpilot_demo_2fa", password: "demo" });
  const scripts = new Map<string, readonly string[]>();
  for (const [username, lines] of Object.entries(DEMO_PROSPECTS)) {
    telegram.addUser({ username, firstName: username.split("_").at(-1) ?? username });
    scripts.set(username, lines);
  }
  const said = new Map<string, number>();
  telegram.onDelivered = (delivery, to) => {
    const lines = scripts.get(to.username);
    const next = said.get(to.username) ?? 0;
    const line = lines?.[next];
    if (line === undefined) return;
    said.set(to.username, next + 1);
    setTimeout(() => telegram.userSays(to.username, delivery.phone, line), replyDelayMs).unref();
  };
}
