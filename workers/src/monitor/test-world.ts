import { randomBytes, randomUUID } from "node:crypto";
import { type Db, listMonitorCabinets, sealCabinetToken, upsertTelegramUser } from "@slotpilot/db";
import type { Decision } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import type { Sandbox } from "@slotpilot/sandbox";
import { createWbOfficialClient } from "@slotpilot/wb";
import type { Clock } from "./clock.ts";
import { createFeedSource } from "./feed-source.ts";
import { createMonitor, type Monitor } from "./monitor.ts";
import { tokensFromCabinets } from "./token-pool.ts";

/** Test support for the monitor: a seller world in the database over a sandbox on a manual clock. */

export const KEY = Buffer.alloc(32, 7);
export const START = Date.parse("2026-11-21T05:00:00Z");

/** The sandbox's clock: sleeping moves the world forward instead of waiting. */
export function sandboxClock(sandbox: Sandbox): Clock {
  return { now: () => sandbox.control.now(), sleep: async (ms) => sandbox.control.advance(ms) };
}

/** A calm world: no random bursts or competitors, so only what a test sets changes. */
export function quietWorld(sandbox: Sandbox): void {
  sandbox.control.loadScenario({ name: "quiet", seed: 5, background: false, timeline: [] });
  sandbox.control.setFaults({ competitorDelayMs: null });
}

export async function seller(db: Db, telegramId: number) {
  const { organization } = await upsertTelegramUser(
    db,
    { telegramId, firstName: `S${telegramId}` },
    { isAdmin: false },
  );
  return organization.id;
}

/** A cabinet row for a sandbox account's Personal token, lent to the monitor unless told otherwise. */
export async function cabinet(
  db: Db,
  organizationId: number,
  account: { supplierId: number; token: string },
  optIn = true,
): Promise<number> {
  const row = await db
    .insertInto("cabinets")
    .values({
      organization_id: organizationId,
      name: `cabinet ${randomUUID().slice(0, 8)}`,
      wb_account_id: account.supplierId,
      token_type: "personal",
      monitor_opt_in: optIn,
      ...sealCabinetToken(KEY, organizationId, account.token),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Another Personal token of the same sandbox account. The sandbox's driver issues one per cabinet;
 * WB lets a seller create several, so the test registers one more the way the sandbox stores them.
 */
export function extraPersonalToken(sandbox: Sandbox, supplierId: number): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const token = `${part({ alg: "ES256", typ: "JWT" })}.${part({ acc: 1, id: randomUUID(), oid: supplierId })}.${randomBytes(16).toString("base64url")}`;
  sandbox.control.state.accounts.tokens.set(token, { supplierId, type: "personal" });
  return token;
}

export async function alertTask(
  db: Db,
  organizationId: number,
  cabinetId: number,
  over: { warehouseId?: number; dateFrom?: string; dateTo?: string; mode?: "alert" | "book" } = {},
) {
  const row = await db
    .insertInto("booking_tasks")
    .values({
      organization_id: organizationId,
      cabinet_id: cabinetId,
      supply_kind: "preorder",
      supply_id: randomUUID(),
      warehouse_ids: [over.warehouseId ?? 507],
      box_type_id: 2,
      date_from: over.dateFrom ?? "2026-11-22",
      date_to: over.dateTo ?? "2026-12-04",
      max_coefficient: 0,
      mode: over.mode ?? "alert",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A monitor over the sandbox's feed with the database's opted-in cabinets, driven by `pass`. With
 * `eventsUrl` it listens for `task.updated` events, as the product does; without, it re-reads
 * changed tasks before every read.
 */
export function testMonitor(db: Db, sandbox: Sandbox, options: { eventsUrl?: string } = {}) {
  const clock = sandboxClock(sandbox);
  const decisions: Decision[] = [];
  const source = createFeedSource({
    client: createWbOfficialClient({ hosts: sandbox.hosts }),
    loadTokens: async () => tokensFromCabinets(KEY, await listMonitorCabinets(db), () => {}),
    clock,
    log: silentLogger,
  });
  const monitor: Monitor = createMonitor({
    db,
    sources: [source],
    clock,
    log: silentLogger,
    tasks: { refreshMs: 0 },
    ...(options.eventsUrl ? { eventsUrl: options.eventsUrl } : {}),
    onDecisions: (list) => decisions.push(...list),
  });
  const signal = new AbortController().signal;
  return {
    monitor,
    decisions,
    /** One pass of the loop; the clock moves on by the wait it asks for. */
    async pass() {
      const wait = await monitor.cycle(signal);
      if (wait > 0) sandbox.control.advance(wait);
      return wait;
    },
    /** Passes until one more read made it into the calendar. */
    async read() {
      const before = monitor.status().lastReadAt;
      for (let i = 0; i < 20; i++) {
        await this.pass();
        if (monitor.status().lastReadAt !== before) return;
      }
      throw new Error(`no read: ${monitor.status().lastError}`);
    },
  };
}
