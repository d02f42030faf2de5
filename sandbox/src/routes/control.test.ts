import { describe, expect, it } from "vitest";
import { dayOf, dayToYmd } from "../dates.ts";
import { portalLogin, TEST_START, testSandbox } from "../test-support.ts";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const DAY2 = dayToYmd(dayOf(TEST_START) + 2);

describe("control API", () => {
  it("is absent unless enabled", async () => {
    const { app } = testSandbox({ control: false });
    expect((await app.request("/__sandbox/hosts")).status).toBe(404);
  });

  it("lists where every WB host is served", async () => {
    const { app } = testSandbox();
    expect(await (await app.request("/__sandbox/hosts")).json()).toEqual({
      "common-api": "http://sandbox.test/common-api",
      "supplies-api": "http://sandbox.test/supplies-api",
      seller: "http://sandbox.test/seller",
      "seller-auth": "http://sandbox.test/seller-auth",
      "seller-supply": "http://sandbox.test/seller-supply",
      pow: "http://sandbox.test/pow",
    });
  });

  it("creates sellers with cabinets and tokens, preorders and drafts", async () => {
    const { app } = testSandbox();
    const seller = (await (
      await app.request("/__sandbox/sellers", json({ phone: "+7 (912) 345-67-89", cabinets: 2 }))
    ).json()) as {
      phone: string;
      cabinets: { supplierId: number; name: string; tokens: { personal: string; basic: string } }[];
    };
    expect(seller.phone).toBe("+79123456789");
    expect(seller.cabinets).toHaveLength(2);
    expect(seller.cabinets[0]?.tokens.personal).not.toBe(seller.cabinets[0]?.tokens.basic);
    const supplierId = seller.cabinets[0]?.supplierId;
    const preorder = await app.request("/__sandbox/preorders", json({ supplierId, warehouseId: 507, boxTypeId: 2 }));
    expect(await preorder.json()).toEqual({ preorderId: expect.any(Number) });
    const draft = await app.request("/__sandbox/drafts", json({ supplierId }));
    expect(await draft.json()).toEqual({ draftId: expect.any(String) });
    const bad = await app.request("/__sandbox/preorders", json({ supplierId: 1, warehouseId: 507, boxTypeId: 2 }));
    expect(bad.status).toBe(404);
    const invalid = await app.request("/__sandbox/preorders", json({ supplierId }));
    expect(invalid.status).toBe(400);
  });

  it("sets a cell now and reports when it opened", async () => {
    const { app } = testSandbox();
    const res = await app.request(
      "/__sandbox/cells",
      json({ warehouseId: 507, date: DAY2, boxTypeId: 2, coefficient: 0, capacity: 3 }),
    );
    expect(await res.json()).toMatchObject({
      warehouseId: 507,
      date: `${DAY2}T00:00:00Z`,
      coefficient: 0,
      allowUnload: true,
      bookable: true,
      openedAt: new Date(TEST_START).toISOString(),
    });
    const closed = await app.request(
      "/__sandbox/cells",
      json({ warehouseId: 507, date: DAY2, boxTypeId: 2, coefficient: -1 }),
    );
    expect(await closed.json()).toMatchObject({ bookable: false, openedAt: null });
  });

  it("reveals the last SMS code of a phone, and bookings and request logs", async () => {
    const { app, driver } = testSandbox();
    const seller = driver.createSeller();
    expect((await app.request(`/__sandbox/sms?phone=${encodeURIComponent(seller.phone)}`)).status).toBe(404);
    await portalLogin(app, driver, seller.phone);
    expect(await (await app.request(`/__sandbox/sms?phone=${encodeURIComponent(seller.phone)}`)).json()).toEqual({
      code: driver.smsCode(seller.phone),
    });
    expect(await (await app.request("/__sandbox/bookings")).json()).toEqual([]);
    const supplierId = seller.cabinets[0]?.supplierId;
    await app.request("/common-api/api/tariffs/v1/acceptance/coefficients", {
      headers: { Authorization: seller.cabinets[0]?.tokens.personal ?? "" },
    });
    const log = await (await app.request(`/__sandbox/requests?supplierId=${supplierId}`)).json();
    expect(log).toEqual([
      {
        time: new Date(TEST_START).toISOString(),
        method: "GET",
        path: "/common-api/api/tariffs/v1/acceptance/coefficients",
        tokenType: "personal",
        status: 200,
      },
    ]);
  });

  it("sets faults and rejects unknown ones", async () => {
    const { app } = testSandbox();
    const res = await app.request(
      "/__sandbox/faults",
      json({ feedOff: true, latencyMs: { coefficients: 5 }, competitorDelayMs: 1000 }),
    );
    expect(await res.json()).toMatchObject({ feedOff: true, latencyMs: { coefficients: 5 }, competitorDelayMs: 1000 });
    expect((await app.request("/__sandbox/faults", json({ nope: 1 }))).status).toBe(400);
  });

  it("loads a scenario and resets to a fresh world", async () => {
    const { app, driver } = testSandbox();
    const loaded = await app.request(
      "/__sandbox/scenario",
      json({ name: "t", seed: 9, timeline: [{ at: 1000, type: "open", warehouseId: 507, day: 2, boxTypeId: 2 }] }),
    );
    expect(await loaded.json()).toEqual({ ok: true, name: "t", seed: 9, events: 1 });
    expect((await app.request("/__sandbox/scenario", json({ timeline: [{ at: 0, type: "nope" }] }))).status).toBe(400);
    driver.createSeller();
    const reset = await app.request("/__sandbox/reset", json({ seed: 5 }));
    expect(await reset.json()).toEqual({ seed: 5 });
    expect(driver.state.accounts.sellers.size).toBe(0);
  });
});
