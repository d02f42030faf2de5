import { describe, expect, it } from "vitest";
import { moscowTime } from "./moscow-time.ts";

describe("a moment on Moscow's clock", () => {
  it("is written as the bot writes it, in either language, whatever the process's own zone", () => {
    // 05:18 UTC is 08:18 in Moscow.
    expect(moscowTime("2026-12-01T05:18:00Z", "en")).toBe("1 Dec, 08:18");
    expect(moscowTime("2026-12-01T05:18:00Z", "ru")).toBe("1 дек., 08:18");
    // 22:30 UTC on the 31st is already the next day, and year, in Moscow.
    expect(moscowTime(new Date("2026-12-31T22:30:00Z"), "en")).toBe("1 Jan, 01:30");
  });
});
