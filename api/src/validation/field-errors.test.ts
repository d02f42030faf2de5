import { translator } from "@slotpilot/locales";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors } from "./field-errors.ts";

const messageOf = (schema: z.ZodType, input: unknown, locale: "en" | "ru") => {
  const result = schema.safeParse(input);
  if (result.success) return "ok";
  return fieldErrors(result.error.issues, input, translator(locale))[0]?.message;
};

describe("field error wording", () => {
  it("says a required text or list must not be empty rather than count to 1", () => {
    expect(messageOf(z.string().min(1), "", "en")).toBe("Must not be empty.");
    expect(messageOf(z.string().min(1), "", "ru")).toBe("Не может быть пустым.");
    expect(messageOf(z.array(z.number()).min(1), [], "en")).toBe("Must not be empty.");
  });

  it.each([
    [z.string().min(2), "a", "Must be at least 2 characters long.", "Не короче 2 символов."],
    [z.string().min(21), "a", "Must be at least 21 characters long.", "Не короче 21 символа."],
    [z.string().max(1), "ab", "Must be at most 1 character long.", "Не длиннее 1 символа."],
    [z.string().max(5), "abcdef", "Must be at most 5 characters long.", "Не длиннее 5 символов."],
    [z.array(z.number()).max(1), [1, 2], "Must have at most 1 item.", "Не больше 1 элемента."],
    [z.array(z.number()).max(31), Array(32).fill(1), "Must have at most 31 items.", "Не больше 31 элемента."],
    [z.array(z.number()).min(3), [1], "Must have at least 3 items.", "Не меньше 3 элементов."],
    [z.number().min(0), -1, "Must be at least 0.", "Не меньше 0."],
  ])("counts in each language: %#", (schema, input, en, ru) => {
    expect(messageOf(schema, input, "en")).toBe(en);
    expect(messageOf(schema, input, "ru")).toBe(ru);
  });

  it("writes a bound as people write numbers, and a sum of rubles (a `…Rub` field) with ₽", () => {
    const cap = z.object({ maxCostRub: z.number().int().min(0).max(10_000_000) });
    expect(messageOf(cap, { maxCostRub: 20_000_000 }, "ru")).toBe("Не больше 10\u00a0000\u00a0000 ₽.");
    expect(messageOf(cap, { maxCostRub: 20_000_000 }, "en")).toBe("Must be at most 10,000,000 ₽.");
    expect(messageOf(cap, { maxCostRub: -1 }, "ru")).toBe("Не меньше 0 ₽.");
    expect(messageOf(z.object({ n: z.number().max(25_000) }), { n: 30_000 }, "ru")).toBe("Не больше 25\u00a0000.");
  });
});
