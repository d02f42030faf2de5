import { describe, expect, it } from "vitest";
import { CookieJar, form, headerToken, portalLogin, testSandbox } from "../test-support.ts";

const LIST = "/seller/supplies-management/all-supplies";

function setup(faults: Parameters<typeof testSandbox>[0] = {}) {
  const sb = testSandbox(faults);
  const seller = sb.driver.createSeller({ cabinets: ["ИП Первый", "ООО Второй"] });
  const jar = new CookieJar();
  const request = async (path: string, init: RequestInit = {}) =>
    jar.store(
      await sb.app.request(path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
      }),
    );
  return { ...sb, seller, jar, request };
}

describe("portal login", () => {
  it("bounces an anonymous visitor to the login page, whose phone field starts with +7", async () => {
    const { request } = setup();
    const res = await request(LIST);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/seller-auth/ru/?redirect_url=${encodeURIComponent(LIST)}`);
    const login = await (await request("/seller-auth/ru/")).text();
    expect(login).toContain('id="phone" name="phone" type="tel" value="+7"');
    expect(login).toContain("Получить код");
  });

  it("logs in with the SMS code, sets WB's cookies and lands on the supplies list", async () => {
    const { request, seller, driver, jar } = setup();
    const digits = seller.phone.slice(2);
    const codePage = await request("/seller-auth/ru/phone", form({ phone: `+7${digits}`, redirect_url: LIST }));
    expect(await codePage.text()).toContain("Введите код");
    const code = driver.smsCode(seller.phone);
    expect(code).toMatch(/^\d{6}$/);
    const done = await request(
      "/seller-auth/ru/code",
      form({ phone: seller.phone, code: code ?? "", redirect_url: LIST }),
    );
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(LIST);
    expect([...jar.cookies.keys()].sort()).toEqual(["WBTokenV3", "wbx-refresh", "wbx-validation-key", "x-supplier-id"]);
    const page = await (await request(LIST)).text();
    expect(page).toContain("Поставки");
    expect(page).toContain("ИП Первый");
  });

  it("refuses a wrong code and keeps the visitor out", async () => {
    const { request, seller, driver } = setup();
    await request("/seller-auth/ru/phone", form({ phone: seller.phone }));
    const code = driver.smsCode(seller.phone) ?? "";
    const wrong = code === "000000" ? "111111" : "000000";
    const res = await request("/seller-auth/ru/code", form({ phone: seller.phone, code: wrong }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Неверный код");
    expect((await request(LIST)).status).toBe(302);
  });

  it("refuses a phone that has no seller", async () => {
    const { request } = setup();
    const res = await request("/seller-auth/ru/phone", form({ phone: "+7 000 000 00 00" }));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Продавец с таким номером не найден");
  });

  it("asks for an image captcha before the code when captcha is on, and not again on a known device", async () => {
    const { request, seller, driver, app, jar } = setup({ faults: { captchaRate: 1 } });
    const page = await (await request("/seller-auth/ru/phone", form({ phone: seller.phone }))).text();
    expect(page).toContain('id="captcha-image"');
    expect(driver.smsCode(seller.phone)).toBeUndefined();
    const src = /src="([^"]+\.svg)"/.exec(page)?.[1] ?? "";
    const image = await app.request(src);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
    const wrong = await request("/seller-auth/ru/captcha", form({ phone: seller.phone, captcha: "nope" }));
    expect(await wrong.text()).toContain("Неверно введены символы");
    const answer = driver.captchaAnswer(seller.phone) ?? "";
    const codePage = await request("/seller-auth/ru/captcha", form({ phone: seller.phone, captcha: answer }));
    expect(await codePage.text()).toContain("Введите код");
    await request("/seller-auth/ru/code", form({ phone: seller.phone, code: driver.smsCode(seller.phone) ?? "" }));
    expect((await request(LIST)).status).toBe(200);
    // Same browser storage: the device is known, no captcha this time.
    jar.cookies.delete("WBTokenV3");
    const again = await (await request("/seller-auth/ru/phone", form({ phone: seller.phone }))).text();
    expect(again).toContain("Введите код");
  });

  it("switches between the phone's cabinets", async () => {
    const { app, driver, seller } = setup();
    const { request, jar } = await portalLogin(app, driver, seller.phone);
    const second = seller.cabinets[1]?.supplierId ?? 0;
    await request(`/seller/supplier/switch?supplierId=${second}&back=${encodeURIComponent(LIST)}`);
    expect(jar.cookies.get("x-supplier-id")).toBe(String(second));
    expect(await (await request(LIST)).text()).toContain(`data-supplier-id="${second}"`);
  });
});

describe("portal sessions", () => {
  it("ends every session on the expireSessions fault: pages bounce to login", async () => {
    const { app, driver, seller } = setup();
    const { request } = await portalLogin(app, driver, seller.phone);
    expect((await request(LIST)).status).toBe(200);
    driver.setFaults({ expireSessions: true });
    const res = await request(LIST);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/seller-auth/ru/");
  });

  it("expires a session after its lifetime", async () => {
    const { app, driver, seller } = setup({ faults: { sessionTtlMs: 60_000 } });
    const { request } = await portalLogin(app, driver, seller.phone);
    driver.advance(59_000);
    expect((await request(LIST)).status).toBe(200);
    driver.advance(1_000);
    expect((await request(LIST)).status).toBe(302);
  });

  it("accepts a header token for 5 minutes, then JSON-RPC answers 401 until the page refreshes it", async () => {
    const { app, driver, seller } = setup();
    const { jar } = await portalLogin(app, driver, seller.phone);
    const call = (token: string) =>
      app.request("/seller-supply/ns/sm-draft/supply-manager/api/v1/draft/create", {
        method: "POST",
        headers: { cookie: jar.header(), "wb-seller-lk": token, "content-type": "application/json" },
        body: JSON.stringify({ params: {}, jsonrpc: "2.0", id: "json-rpc_1" }),
      });
    const token = await headerToken(app, jar);
    expect((await call(token)).status).toBe(200);
    driver.advance(5 * 60_000);
    const expired = await call(token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ jsonrpc: "2.0", id: "json-rpc_1", error: { code: 401 } });
    expect((await call(await headerToken(app, jar))).status).toBe(200);
    expect((await call("")).status).toBe(401);
  });
});
