import type { ChatRequest, StubResponse } from "./server.ts";

/**
 * Demo mode's stand-in for a sales model: short, plausible Russian replies chosen by keywords in
 * the prospect's last message, with the reply markers the engine acts on. Deterministic, so a
 * demo behaves the same every time.
 */
export function demoResponder(request: ChatRequest): StubResponse {
  const last =
    [...request.messages]
      .reverse()
      .find((m) => m.role === "user")
      ?.content.toLowerCase() ?? "";
  if (/opening message|первое сообщение/.test(last)) {
    return {
      content:
        "Здравствуйте! Я из Slotpilot — сервиса, который бронирует слоты приёмки WB за секунды после их открытия. Как вы сейчас ловите слоты?",
    };
  }
  if (/сколько|цена|стоит|price|cost|тариф/.test(last)) {
    return { content: "Хороший вопрос — уточню точные условия у коллеги и вернусь к вам сегодня.\n[[HUMAN]]" };
  }
  if (/интересно|давайте|попроб|хочу|yes|sure|let's/.test(last)) {
    return {
      content:
        "Отлично! Первую неделю можно пользоваться бесплатно — коллега напишет вам и поможет подключить кабинет.\n[[QUALIFIED]]",
    };
  }
  return {
    content:
      "Понимаю. Slotpilot следит сразу за всеми складами и бронирует слот, как только он открывается. Сколько поставок в месяц вы делаете?",
  };
}
