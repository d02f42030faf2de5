import { describe, expect, it } from "vitest";
import { parseAssistantReply } from "./assistant-reply.ts";

describe("parseAssistantReply", () => {
  it("takes a plain answer as it is", () => {
    expect(parseAssistantReply("  Добрый день! Как ловите слоты?  ", "stop")).toEqual({
      ok: true,
      text: "Добрый день! Как ловите слоты?",
      qualified: false,
      handOver: false,
    });
  });

  it("reads the trailing markers and removes them from the message", () => {
    expect(parseAssistantReply("Отлично, подключу вас.\n[[QUALIFIED]]", "stop")).toEqual({
      ok: true,
      text: "Отлично, подключу вас.",
      qualified: true,
      handOver: false,
    });
    expect(parseAssistantReply("Уточню у коллеги.\n[[HUMAN]]\n[[QUALIFIED]]", "stop")).toMatchObject({
      ok: true,
      text: "Уточню у коллеги.",
      qualified: true,
      handOver: true,
    });
  });

  it.each([
    ["", "stop", "empty"],
    [null, "stop", "empty"],
    ["[[QUALIFIED]]", "stop", "empty"],
    ["Отлично, давайте я", "length", "truncated"],
    ["…", "content_filter", "filtered"],
    ["Текст [[QUALI", "stop", "malformed"],
    ["[[HUMAN]] в середине текста", "stop", "malformed"],
    ["x".repeat(4097), "stop", "too_long"],
  ] as const)("refuses %j (finish %s) as %s", (raw, finish, problem) => {
    expect(parseAssistantReply(raw, finish)).toEqual({ ok: false, problem });
  });
});
