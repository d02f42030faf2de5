import type { Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect, type Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";
import { upsertTelegramUser } from "../users.ts";
import { allowanceUsage, chargeBooking, planTierOf, releaseBooking, reserveBooking } from "./booking-allowance.ts";
import { changePlan, readPlanState } from "./plan-state.ts";

let test: TestDatabase;
/** A pool wide enough that every racer holds its own connection at once. */
let racing: Db;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  racing = connect(test.url, { max: 20 });
});
afterAll(async () => {
  await racing.destroy();
  await test.drop();
});

/** Runs each piece of work in its own transaction, all started before any goes on. */
async function race<T>(works: ((trx: Transaction<Database>) => Promise<T>)[]): Promise<T[]> {
  let started = 0;
  let go: () => void = () => {};
  const allStarted = new Promise<void>((resolve) => {
    go = resolve;
  });
  return Promise.all(
    works.map((work) =>
      racing.transaction().execute(async (trx) => {
        await trx.selectNoFrom((eb) => eb.lit(1).as("one")).execute();
        if (++started === works.length) go();
        await allStarted;
        return work(trx);
      }),
    ),
  );
}

let nextTelegramId = 700;
async function newOrganization(): Promise<number> {
  const { organization } = await upsertTelegramUser(
    test.db,
    { telegramId: nextTelegramId++, firstName: "Seller" },
    { isAdmin: false },
  );
  return organization.id;
}

const held = async (organizationId: number) =>
  Number(
    (
      await test.db
        .selectFrom("booking_allowance")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("organization_id", "=", organizationId)
        .where("status", "<>", "released")
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("the booking allowance ledger", () => {
  it("a new organization starts on the trial, once: 3 bookings, then limit_reached", async () => {
    const org = await newOrganization();
    expect(await readPlanState(test.db, org)).toMatchObject({ plan: "trial", trialUsed: true });
    for (const id of ["t1", "t2", "t3"])
      expect(await reserveBooking(test.db, { organizationId: org, bookingId: id })).toEqual({ ok: true });
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "t4" })).toEqual({
      ok: false,
      reason: "limit_reached",
    });
    // The same booking again answers as before and holds nothing more.
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "t1" })).toEqual({ ok: true });
    expect(await held(org)).toBe(3);
    const events = await test.db.selectFrom("plan_events").select("type").where("organization_id", "=", org).execute();
    expect(events.map((e) => e.type)).toEqual(["trial_started"]);
  });

  it("charge makes usage, release returns the unit (to the pack it came from), both idempotent", async () => {
    const org = await newOrganization();
    await changePlan(test.db, org, { type: "granted", plan: "start5", at: new Date(), byTelegramId: 1 });
    await changePlan(test.db, org, { type: "pack_added", pack: "pack1", bookings: 1, at: new Date() });
    for (let i = 0; i < 6; i++)
      expect(await reserveBooking(test.db, { organizationId: org, bookingId: `b${i}` })).toEqual({ ok: true });
    expect((await readPlanState(test.db, org)).packBookings).toBe(0);
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "b6" })).toEqual({
      ok: false,
      reason: "limit_reached",
    });

    await chargeBooking(test.db, { bookingId: "b0" });
    await chargeBooking(test.db, { bookingId: "b0" });
    await releaseBooking(test.db, { bookingId: "b0" }); // charged: stays charged
    await releaseBooking(test.db, { bookingId: "b5" }); // the pack unit comes back
    await releaseBooking(test.db, { bookingId: "b5" });
    expect((await readPlanState(test.db, org)).packBookings).toBe(1);
    expect(await allowanceUsage(test.db, org)).toMatchObject({
      plan: "start5",
      limit: 5,
      used: 5,
      charged: 1,
      packs: 1,
    });
    await releaseBooking(test.db, { bookingId: "b1" });
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "b7" })).toEqual({ ok: true });
    expect((await readPlanState(test.db, org)).packBookings).toBe(1);
  });

  it("reserves inside the caller's transaction: rolled back, nothing is held", async () => {
    const org = await newOrganization();
    await expect(
      test.db.transaction().execute(async (trx) => {
        expect(await reserveBooking(trx, { organizationId: org, bookingId: "rolled" })).toEqual({ ok: true });
        throw new Error("the booker's intent failed");
      }),
    ).rejects.toThrow("intent");
    expect(await held(org)).toBe(0);
  });

  it("N+5 racing reservations for a seller with N left: exactly N held", async () => {
    const org = await newOrganization();
    await changePlan(test.db, org, { type: "granted", plan: "basic10", at: new Date(), byTelegramId: 1 });
    for (let i = 0; i < 4; i++) await reserveBooking(test.db, { organizationId: org, bookingId: `pre${i}` });
    const left = 6;
    const results = await race(
      Array.from(
        { length: left + 5 },
        (_, i) => (trx) => reserveBooking(trx, { organizationId: org, bookingId: `race${i}` }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(left);
    expect(results.filter((r) => !r.ok)).toEqual(Array(5).fill({ ok: false, reason: "limit_reached" }));
    expect(await held(org)).toBe(10);
  });

  it("a plan change racing bookings: never over the limit of the plan in force", async () => {
    const org = await newOrganization();
    await changePlan(test.db, org, { type: "granted", plan: "start5", at: new Date(), byTelegramId: 1 });
    await changePlan(test.db, org, { type: "pack_added", pack: "pack5", bookings: 3, at: new Date() });
    const outcomes = await race<unknown>([
      ...Array.from(
        { length: 12 },
        (_, i) => (trx: Transaction<Database>) => reserveBooking(trx, { organizationId: org, bookingId: `r${i}` }),
      ),
      (trx) => changePlan(trx, org, { type: "stepped_down", at: new Date(), reason: "refunded" }),
    ]);
    const results = outcomes.slice(0, 12) as { ok: boolean }[];
    const rows = await test.db.selectFrom("booking_allowance").selectAll().where("organization_id", "=", org).execute();
    // Whatever the order: at most the plan's 5 from the period and exactly the 3 packs, never more.
    expect(rows.filter((r) => r.source === "plan").length).toBeLessThanOrEqual(5);
    expect(rows.filter((r) => r.source === "pack")).toHaveLength(3);
    expect(results.filter((r) => r.ok)).toHaveLength(rows.length);
    expect((await readPlanState(test.db, org)).packBookings).toBe(0);
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "after" })).toEqual({
      ok: false,
      reason: "no_plan",
    });
  });

  it("the trial over → trial_over; the tier follows the plan", async () => {
    const org = await newOrganization();
    expect(await planTierOf(test.db, org)).toBe(0);
    await changePlan(test.db, org, { type: "trial_ended", at: new Date() });
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "late" })).toEqual({
      ok: false,
      reason: "trial_over",
    });
    await changePlan(test.db, org, { type: "granted", plan: "max100", at: new Date(), byTelegramId: 1 });
    expect(await planTierOf(test.db, org)).toBe(5);
  });

  it("an organization without a plan row gets its trial once, at its first reservation", async () => {
    const org = (
      await test.db.insertInto("organizations").values({ name: "bare" }).returning("id").executeTakeFirstOrThrow()
    ).id;
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "bare1" })).toEqual({ ok: true });
    expect(await readPlanState(test.db, org)).toMatchObject({ plan: "trial", trialUsed: true });
  });

  it("the booking that reaches 80% of the period's limit warns the seller once, through the outbox", async () => {
    const org = await newOrganization();
    await changePlan(test.db, org, { type: "granted", plan: "basic10", at: new Date(), byTelegramId: 1 });
    const warnings = () =>
      test.db
        .selectFrom("notifications")
        .select("payload")
        .where("organization_id", "=", org)
        .where("kind", "=", "billing.notice")
        .execute();
    for (let i = 0; i < 10; i++) {
      await reserveBooking(test.db, { organizationId: org, bookingId: `w${i}` });
      await chargeBooking(test.db, { bookingId: `w${i}` });
      expect(await warnings()).toHaveLength(i + 1 >= 8 ? 1 : 0);
    }
    expect((await warnings())[0]?.payload).toEqual({ notice: "usage_warning", plan: "basic10", used: 8, limit: 10 });
  });
});
