import { describe, expect, it } from "vitest";
import { signInitData, validateInitData } from "./init-data.ts";

const TOKEN = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const user = { id: 42, first_name: "Анна", language_code: "ru" };
const now = new Date("2026-11-21T10:00:00Z");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe("validateInitData", () => {
  it("accepts data Telegram signed with this bot's token and returns the user", () => {
    const raw = signInitData({ user, authDate: new Date(now.getTime() - 60_000) }, TOKEN);
    const data = validateInitData(raw, TOKEN, now);
    expect(data.user).toEqual(user);
    expect(data.authDate.toISOString()).toBe("2026-11-21T09:59:00.000Z");
  });

  it("rejects data signed with another bot's token", () => {
    const raw = signInitData({ user, authDate: now }, "999:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    expect(codeOf(() => validateInitData(raw, TOKEN, now))).toBe("auth.invalid");
  });

  it("rejects a tampered field", () => {
    const raw = signInitData({ user, authDate: now }, TOKEN).replace("42", "43");
    expect(codeOf(() => validateInitData(raw, TOKEN, now))).toBe("auth.invalid");
  });

  it("rejects a missing or malformed hash", () => {
    expect(codeOf(() => validateInitData("auth_date=1&user=%7B%7D", TOKEN, now))).toBe("auth.invalid");
    expect(codeOf(() => validateInitData("hash=zz", TOKEN, now))).toBe("auth.invalid");
  });

  it("rejects auth_date older than an hour and accepts it just inside the hour", () => {
    const old = signInitData({ user, authDate: new Date(now.getTime() - 3601_000) }, TOKEN);
    expect(codeOf(() => validateInitData(old, TOKEN, now))).toBe("auth.expired");
    const fresh = signInitData({ user, authDate: new Date(now.getTime() - 3599_000) }, TOKEN);
    expect(validateInitData(fresh, TOKEN, now).user.id).toBe(42);
  });

  it("rejects auth_date in the future beyond a minute of clock skew", () => {
    const ahead = signInitData({ user, authDate: new Date(now.getTime() + 61_000) }, TOKEN);
    expect(codeOf(() => validateInitData(ahead, TOKEN, now))).toBe("auth.invalid");
    const skewed = signInitData({ user, authDate: new Date(now.getTime() + 59_000) }, TOKEN);
    expect(validateInitData(skewed, TOKEN, now).user.id).toBe(42);
  });

  it("keeps a user whose Telegram name holds NUL or other control characters, without them", () => {
    const odd = { id: 7, first_name: "a\u0000b\u0007c", last_name: "d\u0000" };
    const data = validateInitData(signInitData({ user: odd, authDate: now }, TOKEN), TOKEN, now);
    expect(data.user).toMatchObject({ id: 7, first_name: "abc", last_name: "d" });
  });
});
