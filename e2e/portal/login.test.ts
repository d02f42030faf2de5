import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { capturingLogger, eventually, type SessionKit, sessionKit } from "./kit.ts";

/**
 * Connecting a cabinet's WB seller-portal session from the API, exactly as the bot and the Mini App
 * drive it: start with a phone, answer what the session waits for, read the state back. A real
 * session keeper with its own Chromium does the work against the WB sandbox.
 */
let kit: SessionKit;
let logLines: string[];

beforeAll(async () => {
  kit = await sessionKit(inject("pgAdminUrl"));
  const { log, lines } = capturingLogger();
  logLines = lines;
  await kit.keeper("worker-a", { loginTimeoutMs: 4_000 }, { log });
});
afterAll(() => kit?.close());

let nextTelegramId = 5000;
/** A seller with a cabinet of their own (no API token: portal login alone). */
async function sellerWithCabinet(languageCode = "en") {
  const as = kit.as(nextTelegramId++, languageCode);
  const created = await as("/api/cabinets", { method: "POST", body: { name: `Cabinet ${nextTelegramId}` } });
  expect(created.status).toBe(201);
  expect(created.body.cabinet).toMatchObject({ tokenType: null, portal: null });
  return { as, cabinetId: created.body.cabinet.id as number };
}

describe("portal login from the API", () => {
  it("phone → SMS code → ACTIVE; the cabinet shows its session and its drafts come from the portal", async () => {
    const wb = kit.sandbox.control.createSeller({ cabinets: ["ИП Кодов"] });
    const supplierId = wb.cabinets[0]?.supplierId ?? 0;
    const { draftId } = kit.sandbox.control.createDraft({ supplierId });
    const { preorderId } = kit.sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 });
    const { as, cabinetId } = await sellerWithCabinet();

    const started = await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
    expect(started.status).toBe(200);
    expect(started.body.session).toMatchObject({
      state: "WAITING_AUTH",
      waitingFor: "code",
      error: null,
      phone: `+7 ${wb.phone.slice(2, 5)} ***-**-${wb.phone.slice(-2)}`,
    });

    const code = kit.sandbox.control.smsCode(wb.phone);
    const done = await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code } });
    expect(done.status).toBe(200);
    expect(done.body.session).toMatchObject({
      state: "ACTIVE",
      waitingFor: null,
      error: null,
      wbCabinet: { supplierId, name: "ИП Кодов" },
    });

    const cabinet = await as(`/api/cabinets/${cabinetId}`);
    expect(cabinet.body.cabinet).toMatchObject({ id: cabinetId, tokenType: null, portal: { state: "ACTIVE" } });
    const list = await as("/api/cabinets");
    expect(list.body.cabinets).toContainEqual(
      expect.objectContaining({ id: cabinetId, portal: { state: "ACTIVE", waitingFor: null } }),
    );

    // Without a token, both lists come through the live portal session.
    const supplies = await as(`/api/supplies?cabinetId=${cabinetId}`);
    expect(supplies.status).toBe(200);
    expect(supplies.body).toMatchObject({
      preorders: [{ preorderId, warehouseId: 507, boxTypeId: 2 }],
      drafts: [{ draftId, goodQuantity: 0 }],
      sources: { preorders: "portal", drafts: "portal" },
    });
    // And a task for that preorder is checked against the portal.
    const task = await as("/api/tasks", {
      method: "POST",
      body: {
        cabinetId,
        supply: { kind: "preorder", preorderId },
        dateFrom: "2026-11-23",
        dateTo: "2026-11-30",
        maxCoefficient: 0,
        mode: "book",
      },
    });
    expect(task.status).toBe(201);
    expect(task.body.task).toMatchObject({ warehouseIds: [507], boxTypeId: 2 });
    const unknown = await as("/api/tasks", {
      method: "POST",
      body: {
        cabinetId,
        supply: { kind: "preorder", preorderId: 1 },
        dateFrom: "2026-11-23",
        dateTo: "2026-11-30",
        maxCoefficient: 0,
        mode: "book",
      },
    });
    expect(unknown.body.error.code).toBe("task.supply_not_found");
    // The cabinet is now tied to the WB account it logged in to.
    const row = await kit.db
      .selectFrom("cabinets")
      .select("wb_account_id")
      .where("id", "=", cabinetId)
      .executeTakeFirstOrThrow();
    expect(row.wb_account_id).toBe(supplierId);
  });

  it("a wrong code says so, in the seller's language, and the next right one logs in", async () => {
    const wb = kit.sandbox.control.createSeller();
    const { as, cabinetId } = await sellerWithCabinet("ru");
    await as(`/api/cabinets/${cabinetId}/login`, {
      method: "POST",
      body: { phone: `8 (${wb.phone.slice(2, 5)}) ${wb.phone.slice(5)}` },
    });
    const code = kit.sandbox.control.smsCode(wb.phone) ?? "";
    const wrong = await as(`/api/cabinets/${cabinetId}/login/code`, {
      method: "POST",
      body: { code: code === "000000" ? "111111" : "000000" },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body.session).toMatchObject({
      state: "WAITING_AUTH",
      waitingFor: "code",
      error: { code: "portal.code_wrong", message: "Неверный код. Проверьте СМС и введите его ещё раз." },
    });
    const right = await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code } });
    expect(right.body.session).toMatchObject({ state: "ACTIVE", error: null });
    expect(kit.sandbox.control.logins(wb.phone)).toBe(1);
  });

  it("shows the image captcha through the API, gives a new one after a wrong answer, then asks for the code", async () => {
    kit.sandbox.control.setFaults({ captchaRate: 1 });
    try {
      const wb = kit.sandbox.control.createSeller();
      const { as, cabinetId } = await sellerWithCabinet();
      const started = await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
      expect(started.body.session).toMatchObject({ state: "WAITING_AUTH", waitingFor: "captcha", error: null });
      const url: string = started.body.session.captchaUrl;
      expect(url).toMatch(new RegExp(`^/api/cabinets/${cabinetId}/login/captcha`));
      const image = await as(url);
      expect(image.status).toBe(200);
      expect(image.type).toBe("image/svg+xml");
      expect(image.body.toString("utf8")).toMatch(/^<svg/);

      const wrong = await as(`/api/cabinets/${cabinetId}/login/captcha`, { method: "POST", body: { answer: "nope" } });
      expect(wrong.body.session).toMatchObject({ waitingFor: "captcha", error: { code: "portal.captcha_wrong" } });
      const second = await as(wrong.body.session.captchaUrl);
      expect(second.body.equals(image.body)).toBe(false);

      const answer = kit.sandbox.control.captchaAnswer(wb.phone);
      const passed = await as(`/api/cabinets/${cabinetId}/login/captcha`, { method: "POST", body: { answer } });
      expect(passed.body.session).toMatchObject({
        state: "WAITING_AUTH",
        waitingFor: "code",
        captchaUrl: null,
        error: null,
      });
      expect((await as(url)).body.error.code).toBe("portal.no_captcha");
      const code = kit.sandbox.control.smsCode(wb.phone);
      expect(
        (await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code } })).body.session.state,
      ).toBe("ACTIVE");
    } finally {
      kit.sandbox.control.setFaults({ captchaRate: 0 });
    }
  });

  it("lets the seller pick one of the phone's several WB cabinets", async () => {
    const wb = kit.sandbox.control.createSeller({ cabinets: ["ИП Первый", "ООО Второй"] });
    const [first, second] = wb.cabinets;
    const { as, cabinetId } = await sellerWithCabinet();
    await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
    const code = kit.sandbox.control.smsCode(wb.phone);
    const choose = await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code } });
    expect(choose.body.session).toMatchObject({
      state: "WAITING_AUTH",
      waitingFor: "cabinet",
      cabinets: [
        { supplierId: first?.supplierId, name: "ИП Первый" },
        { supplierId: second?.supplierId, name: "ООО Второй" },
      ],
    });
    const bogus = await as(`/api/cabinets/${cabinetId}/login/cabinet`, { method: "POST", body: { supplierId: 123 } });
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.code).toBe("portal.unknown_cabinet");
    const picked = await as(`/api/cabinets/${cabinetId}/login/cabinet`, {
      method: "POST",
      body: { supplierId: second?.supplierId },
    });
    expect(picked.body.session).toMatchObject({
      state: "ACTIVE",
      wbCabinet: { supplierId: second?.supplierId, name: "ООО Второй" },
    });
  });

  it("a login left waiting stops politely, and later input is refused without changing anything", async () => {
    const wb = kit.sandbox.control.createSeller();
    const { as, cabinetId } = await sellerWithCabinet();
    const started = await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
    expect(started.body.session.waitingFor).toBe("code");
    const stopped = await eventually(
      async () => {
        const r = await as(`/api/cabinets/${cabinetId}`);
        return r.body.cabinet.portal.state === "STOPPED" ? r.body.cabinet.portal : undefined;
      },
      30_000,
      "the login to time out",
    );
    expect(stopped).toMatchObject({
      state: "STOPPED",
      waitingFor: null,
      error: { code: "portal.login_timeout", message: expect.stringMatching(/waited too long/) },
    });
    const late = await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code: "123456" } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("portal.not_waiting");
    expect(kit.sandbox.control.logins(wb.phone)).toBe(0);
  });

  it("refuses what cannot be right, and another organization's cabinet, changing nothing", async () => {
    const { as, cabinetId } = await sellerWithCabinet("ru");
    const bad = await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: "12345" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "portal.phone_invalid",
      message: expect.stringMatching(/\+7 и 10 цифр/),
    });
    expect((await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: {} })).body.error.code).toBe(
      "portal.no_phone",
    );
    const notYet = await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code: "123456" } });
    expect(notYet.body.error.code).toBe("portal.not_waiting");
    const letters = await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code: "abc" } });
    expect(letters.body.error.code).toBe("request.invalid");
    expect((await as(`/api/cabinets/${cabinetId}`)).body.cabinet.portal).toBeNull();
    expect((await as(`/api/supplies?cabinetId=${cabinetId}`)).body.error.code).toBe("portal.not_connected");

    const stranger = kit.as(6999);
    expect(
      (await stranger(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: "+79990000000" } })).status,
    ).toBe(404);
    expect((await stranger(`/api/cabinets/${cabinetId}`)).status).toBe(404);
  });

  it("disconnecting forgets the session: state STOPPED, nothing of it kept", async () => {
    const wb = kit.sandbox.control.createSeller();
    const { as, cabinetId } = await sellerWithCabinet();
    await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
    await as(`/api/cabinets/${cabinetId}/login/code`, {
      method: "POST",
      body: { code: kit.sandbox.control.smsCode(wb.phone) },
    });
    const gone = await as(`/api/cabinets/${cabinetId}/login`, { method: "DELETE" });
    expect(gone.body.session).toMatchObject({ state: "STOPPED" });
    const row = await kit.db
      .selectFrom("portal_sessions")
      .selectAll()
      .where("cabinet_id", "=", cabinetId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ storage_sealed: null, phone_sealed: null, input_sealed: null });
    // The worker lets the cabinet go.
    await eventually(
      async () =>
        (await kit.db
          .selectFrom("portal_leases")
          .select("cabinet_id")
          .where("cabinet_id", "=", cabinetId)
          .executeTakeFirst()) === undefined,
      10_000,
      "the lease to be freed",
    );
  });

  it("puts no session material in logs or API answers, and stores the browser state encrypted", async () => {
    const wb = kit.sandbox.control.createSeller();
    const { as, cabinetId } = await sellerWithCabinet();
    const answers: string[] = [];
    const keep = (r: { body: unknown }) => {
      answers.push(JSON.stringify(r.body));
      return r;
    };
    keep(await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } }));
    const code = kit.sandbox.control.smsCode(wb.phone) ?? "";
    keep(await as(`/api/cabinets/${cabinetId}/login/code`, { method: "POST", body: { code } }));
    keep(await as(`/api/cabinets/${cabinetId}`));
    keep(await as("/api/cabinets"));
    keep(await as(`/api/supplies?cabinetId=${cabinetId}`));

    const row = await kit.db
      .selectFrom("portal_sessions")
      .selectAll()
      .where("cabinet_id", "=", cabinetId)
      .executeTakeFirstOrThrow();
    const { openPortalStorage } = await import("@slotpilot/db");
    const state = JSON.parse(
      openPortalStorage(kit.key, { organizationId: row.organization_id, cabinetId }, row.storage_sealed as Buffer),
    );
    const cookie = (name: string) => state.cookies.find((c: { name: string }) => c.name === name)?.value as string;
    const header = state.sessionStorage[0]?.items.find((i: { name: string }) => i.name === "wb-seller-lk")
      ?.value as string;
    const secrets = {
      WBTokenV3: cookie("WBTokenV3"),
      refresh: cookie("wbx-refresh"),
      device: cookie("wbx-validation-key"),
      header,
      code,
    };
    for (const value of Object.values(secrets)) expect(value, "a secret to look for").toMatch(/\S{6,}/);
    // The phone is personal data: only its hint is shown.
    const digits = wb.phone.slice(2);

    const logs = logLines.join("\n");
    const raw = row.storage_sealed?.toString("latin1") ?? "";
    for (const [name, value] of Object.entries(secrets)) {
      expect(logs.includes(value), `${name} in logs`).toBe(false);
      expect(
        answers.some((a) => a.includes(value)),
        `${name} in API answers`,
      ).toBe(false);
      expect(raw.includes(value), `${name} in the stored bytes`).toBe(false);
    }
    expect(answers.some((a) => a.includes(digits))).toBe(false);
    expect(raw).not.toContain("cookies");
    expect(row.phone_sealed?.toString("latin1")).not.toContain(digits);
    // Sealed for this cabinet only: the same bytes do not open as another cabinet's.
    expect(() =>
      openPortalStorage(
        kit.key,
        { organizationId: row.organization_id, cabinetId: cabinetId + 1 },
        row.storage_sealed as Buffer,
      ),
    ).toThrow();
    // The worker did log what it did — just never the material.
    expect(logs).toMatch(/portal session active/);
  });
});
