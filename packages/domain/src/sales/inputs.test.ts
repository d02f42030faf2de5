import { describe, expect, it } from "vitest";
import { normalizeLoginCode, normalizePhone, parseTelegramUsername } from "./inputs.ts";
import { parseProxy, proxyLabel } from "./proxy.ts";

describe("admin inputs", () => {
  it.each([
    ["+7 999 123-45-67", "+79991234567"],
    ["79991234567", "+79991234567"],
    ["+1 (415) 555-0100", "+14155550100"],
    ["12", null],
    ["+7 999 abc", null],
  ])("phone %j → %j", (input, phone) => {
    expect(normalizePhone(input)).toBe(phone);
  });

  it.each([
    ["1 2 3 4 5", "12345"],
    ["12345", "12345"],
    ["1-2-3-4-5-6", "123456"],
    ["1 2 3", null],
    ["код 12345", null],
  ])("login code %j → %j", (input, code) => {
    expect(normalizeLoginCode(input)).toBe(code);
  });

  it.each([
    ["@wb_seller", "wb_seller"],
    ["wb_seller", "wb_seller"],
    ["https://t.me/wb_seller", "wb_seller"],
    ["t.me/wb_seller/", "wb_seller"],
    ["@abc", null],
    ["@1seller", null],
    ["@seller-name", null],
  ])("username %j → %j", (input, username) => {
    expect(parseTelegramUsername(input)).toBe(username);
  });

  it("reads SOCKS5 and MTProxy proxies and labels them without secrets", () => {
    const socks = parseProxy("socks5://user:p%40ss@10.0.0.5:1080");
    expect(socks).toEqual({ type: "socks5", host: "10.0.0.5", port: 1080, username: "user", password: "p@ss" });
    const secret = "ee0123456789abcdef0123456789abcdef";
    expect(parseProxy(`tg://proxy?server=proxy.example&port=443&secret=${secret}`)).toEqual({
      type: "mtproxy",
      host: "proxy.example",
      port: 443,
      secret,
    });
    expect(parseProxy(`mtproxy://1.2.3.4:8443?secret=${secret}`)).toMatchObject({ host: "1.2.3.4", port: 8443 });
    expect(proxyLabel(socks ?? { type: "mtproxy", host: "", port: 0, secret: "" })).toBe("socks5 10.0.0.5:1080");
    for (const bad of ["http://host:80", "socks5://host", "mtproxy://host:443", "nonsense", "socks5://host:99999"]) {
      expect(parseProxy(bad), bad).toBeNull();
    }
  });
});
