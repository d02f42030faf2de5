import { describe, expect, it } from "vitest";
import { detectOptOut } from "./opt-out.ts";

describe("detectOptOut", () => {
  it.each([
    ["Не пишите мне больше", "не пишите"],
    ["пожалуйста, больше не беспокойте", "больше не беспокойте"],
    ["Отстаньте.", "отстаньте"],
    ["СТОП", "стоп"],
    ["спам", "спам"],
    ["это спам", "это спам"],
    ["Меня не интересует, не пишите", "не пишите"],
    ["меня не интересует", "не интересует"],
    ["Stop.", "stop"],
    ["please stop messaging me", "stop messaging"],
    ["Don't write to me again", "don't write"],
    ["not interested, thanks", "not interested"],
    ["unsubscribe", "unsubscribe"],
  ])("%j is an opt-out (%j)", (text, phrase) => {
    expect(detectOptOut(text)).toBe(phrase);
  });

  it.each([
    "Здравствуйте! Расскажите подробнее",
    "А сколько стоит?",
    "Пока не интересует, но расскажите о складах",
    "Мы ловим слоты nonstop",
    "У вас есть защита от спамеров?",
    "Stopping by later",
    "What does it cost?",
  ])("%j is not", (text) => {
    expect(detectOptOut(text)).toBeNull();
  });
});
