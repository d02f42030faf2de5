import { readMonitorStatus } from "@slotpilot/db";
import { silentLogger } from "@slotpilot/observability";
import { startSlotMonitor } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually, type SessionKit, sessionKit } from "./kit.ts";

/**
 * The portal sessions' budget in this test: one report per session every 10 s — the most the
 * sandbox's portal allows (6 a minute) — where production takes one a minute.
 */
const INTERVAL_MS = 10_000;

let kit: SessionKit;
beforeAll(async () => {
  // Real time — the monitor's clock — so the sandbox's calendar and request log are on it too.
  kit = await sessionKit(inject("pgAdminUrl"), { autoRun: true, startTime: Date.now() });
  await kit.keeper("worker-feed", { healthEveryMs: 60_000 });
});
afterAll(() => kit?.close());

/** Three days out: a date on the calendar whatever day the test runs. */
const DAY = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

const readyz = async () => (await (await kit.api.app.request("/readyz")).json()) as { calendarSource: string | null };

async function lendingCabinet(telegramId: number, name: string) {
  const wb = kit.sandbox.control.createSeller({ cabinets: [name] });
  const cabinet = wb.cabinets[0];
  if (!cabinet) throw new Error("no cabinet");
  const as = kit.as(telegramId);
  // A Personal token lent to the monitor, and a portal session: the feed first, the portal when it is off.
  const created = await as("/api/cabinets", {
    method: "POST",
    body: { name, apiToken: cabinet.tokens.personal, monitorOptIn: true },
  });
  const cabinetId: number = created.body.cabinet.id;
  await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
  const done = await as(`/api/cabinets/${cabinetId}/login/code`, {
    method: "POST",
    body: { code: kit.sandbox.control.smsCode(wb.phone) },
  });
  expect(done.body.session.state).toBe("ACTIVE");
  return { supplierId: cabinet.supplierId, cabinetId, as };
}

const cell = async (warehouseId: number) =>
  kit.db
    .selectFrom("slot_cells")
    .select(["coefficient", "allow_unload"])
    .where("warehouse_id", "=", warehouseId)
    .where("date", "=", DAY)
    .where("box_type_id", "=", 2)
    .executeTakeFirst();

describe("the public feed switched off", () => {
  it("the calendar keeps moving from portal sessions, each within its budget (the sandbox's request log shows it)", async () => {
    const a = await lendingCabinet(9501, "ИП Альфа");
    const b = await lendingCabinet(9502, "ИП Бета");
    kit.sandbox.control.setCell({ warehouseId: 507, date: DAY, boxTypeId: 2, coefficient: -1 });
    kit.sandbox.control.setCell({ warehouseId: 120762, date: DAY, boxTypeId: 2, coefficient: -1 });

    const monitor = await startSlotMonitor({
      db: kit.db,
      databaseUrl: kit.api.url,
      encryptionKey: kit.key,
      hosts: kit.sandbox.hosts,
      log: silentLogger,
      portal: { budget: { burst: 1, intervalMs: INTERVAL_MS, clientErrorCost: 1 }, minGapMs: 1_000, refreshMs: 1_000 },
    });
    try {
      await eventually(
        async () => (await readMonitorStatus(kit.db))?.source === "wb-feed" || undefined,
        60_000,
        "a feed read",
      );
      expect((await readyz()).calendarSource).toBe("wb-feed");

      kit.sandbox.control.setFaults({ feedOff: true });
      const offAt = Date.now();
      await eventually(
        async () => (await readMonitorStatus(kit.db))?.source === "portal-sessions" || undefined,
        60_000,
        "the portal sessions to take over",
      );
      expect((await readyz()).calendarSource).toBe("portal-sessions");

      // Slots open while the feed is off: the calendar still sees them, one after the other.
      kit.sandbox.control.setCell({ warehouseId: 507, date: DAY, boxTypeId: 2, coefficient: 0 });
      await eventually(async () => (await cell(507))?.coefficient === 0 || undefined, 60_000, "the first opening");
      kit.sandbox.control.setCell({ warehouseId: 120762, date: DAY, boxTypeId: 2, coefficient: 3 });
      await eventually(async () => (await cell(120762))?.coefficient === 3 || undefined, 60_000, "the second opening");
      // Keep it running a little, so each session reads several times.
      await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS));

      // The sandbox's own log: both sessions read the report, never over their budget, never refused.
      for (const { supplierId } of [a, b]) {
        const reports = kit.sandbox.control
          .requests(supplierId)
          .filter((r) => r.path.endsWith("/acceptanceCoefficientsReport") && Date.parse(r.time) >= offAt - 1_000);
        expect(reports.length).toBeGreaterThanOrEqual(2);
        expect(reports.every((r) => r.status === 200 && r.tokenType === "session")).toBe(true);
        // Scheduled a full interval apart; the hand-off to the worker holding the session (a queued
        // call, a page) moves each arrival by well under a second.
        const times = reports.map((r) => Date.parse(r.time));
        for (let i = 1; i < times.length; i++) {
          expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(INTERVAL_MS - 1_000);
        }
        const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
        expect(times.length).toBeLessThanOrEqual(Math.floor(span / INTERVAL_MS) + 2);
      }
    } finally {
      await monitor.stop();
    }
  }, 240_000);
});
