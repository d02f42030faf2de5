import { readPlanState, recordStarsPayment, type StarsSuccessfulPayment, upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { encodeStarsOrder, PLANS } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { Api, type Transformer } from "grammy";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cancelStarsRenewals } from "./cancel-stars-renewals.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

const DAY = 86_400;

/** The Bot API at its wire format: records each call and answers as `answer` says. */
type Answer = { ok: true; result: true } | { ok: false; error_code: number; description: string };
function botApi(answer: (payload: Record<string, unknown>) => Answer) {
  const calls: { method: string; payload: Record<string, unknown> }[] = [];
  const transformer: Transformer = async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    return answer(payload as Record<string, unknown>) as never;
  };
  const api = new Api("1:local");
  api.config.use(transformer);
  return { api, calls };
}

let nextSeller = 41_000;
async function seller() {
  const telegramId = nextSeller++;
  const { organization } = await upsertTelegramUser(test.db, { telegramId, firstName: "Olga" }, { isAdmin: false });
  return { telegramId, organizationId: organization.id };
}

/** A Stars subscription's payment as Telegram sends it: the first one, or a renewal. */
function subscriptionPayment(
  organizationId: number,
  plan: "basic10" | "pro25",
  charge: string,
  at: number,
  first: boolean,
  nonce = plan,
): StarsSuccessfulPayment {
  return {
    currency: "XTR",
    total_amount: PLANS[plan].stars,
    invoice_payload: encodeStarsOrder({ kind: "plan", plan, organizationId, stars: PLANS[plan].stars, nonce }),
    subscription_expiration_date: at + 30 * DAY,
    is_recurring: true,
    ...(first ? { is_first_recurring: true as const } : {}),
    telegram_payment_charge_id: charge,
    provider_payment_charge_id: `p-${charge}`,
  };
}

const notices = (organizationId: number) =>
  test.db
    .selectFrom("notifications")
    .select("payload")
    .where("organization_id", "=", organizationId)
    .where("kind", "=", "billing.notice")
    .orderBy("id")
    .execute()
    .then((rows) => rows.map((r) => r.payload as Record<string, unknown>));

describe("a plan bought on top of a Stars subscription", () => {
  it("stops the old subscription's renewals once, says so on the receipt, and a late renewal of it changes nothing", async () => {
    const { telegramId, organizationId } = await seller();
    const t0 = Math.floor(Date.now() / 1000) - 5 * DAY;
    const pay = (payment: StarsSuccessfulPayment, at: number) =>
      recordStarsPayment(test.db, { payerTelegramId: telegramId, payment, at: new Date(at * 1000) });

    await pay(subscriptionPayment(organizationId, "basic10", "stxBASIC", t0, true), t0);
    await pay(subscriptionPayment(organizationId, "pro25", "stxPRO", t0 + 2 * DAY, true), t0 + 2 * DAY);
    expect((await readPlanState(test.db, organizationId)).plan).toBe("pro25");
    expect((await notices(organizationId)).at(-1)).toMatchObject({
      notice: "receipt",
      product: "pro25",
      replaces: "basic10",
    });

    // The worker asks Telegram to stop the Basic subscription's renewals, by its first charge.
    const telegram = botApi(() => ({ ok: true, result: true }));
    const run = cancelStarsRenewals({ db: test.db, log: silentLogger, stars: telegram.api });
    await run();
    expect(telegram.calls).toEqual([
      {
        method: "editUserStarSubscription",
        payload: { user_id: telegramId, telegram_payment_charge_id: "stxBASIC", is_canceled: true },
      },
    ]);
    await run();
    expect(telegram.calls).toHaveLength(1);

    // Telegram renews the Basic one anyway (the cancellation raced it): the plan stays Pro, the
    // payment is on record, the seller is told how to get the Stars back.
    const renewal = await pay(
      subscriptionPayment(organizationId, "basic10", "stxBASIC2", t0 + 30 * DAY, false),
      t0 + 30 * DAY,
    );
    expect(renewal).toEqual({ outcome: "replaced", organizationId });
    const state = await readPlanState(test.db, organizationId);
    expect(state).toMatchObject({ plan: "pro25", subscriptionRef: expect.stringContaining(":pro25:") });
    expect((await notices(organizationId)).at(-1)).toMatchObject({
      notice: "replaced_renewal",
      product: "basic10",
      current: "pro25",
      chargeId: "stxBASIC2",
    });
    const payments = await test.db
      .selectFrom("payments")
      .select("provider_ref")
      .where("organization_id", "=", organizationId)
      .execute();
    expect(payments.map((p) => p.provider_ref).sort()).toEqual(["stxBASIC", "stxBASIC2", "stxPRO"]);

    // The Pro subscription's own renewal still renews it.
    await pay(subscriptionPayment(organizationId, "pro25", "stxPRO2", t0 + 32 * DAY, false), t0 + 32 * DAY);
    expect((await readPlanState(test.db, organizationId)).periodEnd?.getTime()).toBe((t0 + 62 * DAY) * 1000);
  });

  it("keeps trying while Telegram cannot be reached, and gives up at once when Telegram refuses", async () => {
    const a = await seller();
    const b = await seller();
    const t0 = Math.floor(Date.now() / 1000) - DAY;
    for (const { telegramId, organizationId } of [a, b]) {
      const pay = (payment: StarsSuccessfulPayment) =>
        recordStarsPayment(test.db, { payerTelegramId: telegramId, payment, at: new Date(t0 * 1000) });
      await pay(subscriptionPayment(organizationId, "basic10", `stxB${telegramId}`, t0, true));
      await pay(subscriptionPayment(organizationId, "pro25", `stxP${telegramId}`, t0, true));
    }
    const state = (ref: string) =>
      test.db
        .selectFrom("stars_renewal_cancels")
        .select(["status", "attempts", "last_error"])
        .where("first_charge_id", "=", ref)
        .executeTakeFirstOrThrow();

    // A's cancellation meets Telegram down (5xx), B's a refusal (400).
    let down = true;
    const telegram = botApi((p) => {
      if (p.user_id === b.telegramId)
        return { ok: false, error_code: 400, description: "Bad Request: SUBSCRIPTION_ID_INVALID" };
      return down ? { ok: false, error_code: 502, description: "Bad Gateway" } : { ok: true, result: true };
    });
    const run = cancelStarsRenewals({ db: test.db, log: silentLogger, stars: telegram.api });
    await run();
    expect(await state(`stxB${a.telegramId}`)).toMatchObject({ status: "pending", attempts: 1 });
    expect(await state(`stxB${b.telegramId}`)).toMatchObject({
      status: "failed",
      last_error: expect.stringContaining("SUBSCRIPTION_ID_INVALID"),
    });
    down = false;
    await run();
    expect(await state(`stxB${a.telegramId}`)).toMatchObject({ status: "cancelled", attempts: 2, last_error: null });
    const audits = await test.db
      .selectFrom("audit_log")
      .select("action")
      .where("organization_id", "in", [a.organizationId, b.organizationId])
      .where("action", "like", "billing.stars_renewal%")
      .execute();
    expect(audits.map((r) => r.action).sort()).toEqual([
      "billing.stars_renewal_cancel_failed",
      "billing.stars_renewal_cancelled",
    ]);
    // B was asked once; A twice, the second time it worked.
    expect(telegram.calls.map((c) => c.payload.user_id)).toEqual([a.telegramId, b.telegramId, a.telegramId]);
  });
});
