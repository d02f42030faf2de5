import type { ClaimedBooking } from "@slotpilot/db";
import { handOffBooking } from "@slotpilot/db/testing";
import { createLogger, type Logger, silentLogger } from "@slotpilot/observability";
import type { Faults } from "@slotpilot/sandbox";
import { createWbOfficialClient } from "@slotpilot/wb";
import {
  Booker,
  type BookingStore,
  type BookingStrategy,
  officialSupplies,
  pgBookingStore,
  pgDraftStore,
  type SessionKeeper,
  type SlotMonitorOptions,
  startSlotMonitor,
} from "@slotpilot/workers";
import { eventually, sessionKit } from "../portal/kit.ts";

/** A day on the sandbox's calendar (it follows real time in these tests): `days` from today. */
export const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The portal-sessions kit (an API, a real-time sandbox, session keepers with Chromium) plus what
 * booking needs: sellers with a logged-in cabinet and a preorder, book tasks created through the
 * API, the monitor's hand-off written as the monitor writes it, and bookers on the keepers' pages.
 */
export async function bookingKit(adminUrl: string, options: { sandboxFaults?: Partial<Faults> } = {}) {
  const kit = await sessionKit(adminUrl, {
    autoRun: true,
    startTime: Date.now(),
    ...(options.sandboxFaults ? { sandboxFaults: options.sandboxFaults } : {}),
  });
  const bookers: Booker[] = [];
  // The warehouses' names, as the monitor's first read writes them in the product.
  await kit.db
    .insertInto("warehouses")
    .values([
      { id: 507, name: "Коледино" },
      { id: 120762, name: "Электросталь" },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  let nextTelegramId = 70_000 + Math.floor(Math.random() * 10_000);

  return {
    ...kit,
    /** A seller with a WB cabinet logged in through the API (with its Personal token when `token`). */
    async seller(options: { token?: boolean; lang?: "en" | "ru"; cabinets?: number } = {}) {
      const telegramId = nextTelegramId++;
      const wb = kit.sandbox.control.createSeller({ cabinets: options.cabinets ?? 1 });
      const as = kit.as(telegramId, options.lang ?? "en");
      const cabinets: { cabinetId: number; supplierId: number }[] = [];
      for (const wbCabinet of wb.cabinets) {
        const created = await as("/api/cabinets", {
          method: "POST",
          body: {
            name: `C${telegramId}-${wbCabinet.supplierId}`,
            ...(options.token ? { apiToken: wbCabinet.tokens.personal } : {}),
            monitorOptIn: false,
          },
        });
        const cabinetId = created.body.cabinet.id as number;
        await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
        let step = await as(`/api/cabinets/${cabinetId}/login/code`, {
          method: "POST",
          body: { code: kit.sandbox.control.smsCode(wb.phone) },
        });
        if (step.body.session?.waitingFor === "cabinet")
          step = await as(`/api/cabinets/${cabinetId}/login/cabinet`, {
            method: "POST",
            body: { supplierId: wbCabinet.supplierId },
          });
        if (step.body.session?.state !== "ACTIVE") throw new Error(`login failed: ${JSON.stringify(step.body)}`);
        cabinets.push({ cabinetId, supplierId: wbCabinet.supplierId });
      }
      const me = await as("/api/me");
      return { telegramId, wb, as, cabinets, organizationId: me.body.organization.id as number };
    },
    /** A book task for a new preorder of the cabinet, through the API. */
    async task(
      seller: { as: ReturnType<typeof kit.as> },
      cabinet: { cabinetId: number; supplierId: number },
      extra: {
        warehouseId?: number;
        dryRun?: boolean;
        maxCostRub?: number | null;
        maxCoefficient?: number;
        replan?: boolean;
      } = {},
    ) {
      const warehouseId = extra.warehouseId ?? 507;
      const { preorderId } = kit.sandbox.control.createPreorder({
        supplierId: cabinet.supplierId,
        warehouseId,
        boxTypeId: 2,
      });
      const created = await seller.as("/api/tasks", {
        method: "POST",
        body: {
          cabinetId: cabinet.cabinetId,
          supply: { kind: "preorder", preorderId },
          dateFrom: dayAhead(1),
          dateTo: dayAhead(10),
          maxCoefficient: extra.maxCoefficient ?? 5,
          mode: "book",
          ...(extra.dryRun ? { dryRun: true } : {}),
          ...(extra.maxCostRub !== undefined ? { maxCostRub: extra.maxCostRub } : {}),
          ...(extra.replan ? { replan: true } : {}),
        },
      });
      if (created.status !== 201) throw new Error(`task not created: ${JSON.stringify(created.body)}`);
      return { taskId: created.body.task.id as number, preorderId, warehouseId };
    },
    /** Opens a cell in the sandbox (capacity places). */
    open(warehouseId: number, date: string, capacity = 1, coefficient = 0) {
      return kit.sandbox.control.setCell({ warehouseId, date, boxTypeId: 2, coefficient, capacity });
    },
    /** The monitor's hand-off of one book decision (`storeDecisions`): its booking, if its task took it. */
    async handOff(taskId: number, slot: { warehouseId: number; date: string; coefficient?: number; opening?: string }) {
      return handOffBooking(kit.db, {
        taskId,
        opening: slot.opening ?? `${slot.warehouseId}:${slot.date}:2@${Date.now()}:${Math.random()}`,
        warehouseId: slot.warehouseId,
        date: slot.date,
        boxTypeId: 2,
        coefficient: slot.coefficient ?? 0,
      });
    },
    /** A booker on a keeper's warm pages, as `startBooker` wires one. */
    async booker(
      keeper: SessionKeeper,
      options: {
        strategy?: BookingStrategy;
        log?: Logger;
        store?: (inner: BookingStore) => BookingStore;
        primeEveryMs?: number;
      } = {},
    ) {
      const inner = pgBookingStore(kit.db);
      const booker = new Booker({
        workerId: keeper.workerId,
        store: options.store ? options.store(inner) : inner,
        drafts: pgDraftStore(kit.db),
        draftsEveryMs: 500,
        pages: { ready: () => keeper.status().ready, use: (id, work) => keeper.use(id, work) },
        official: officialSupplies(kit.db, kit.key, createWbOfficialClient({ hosts: kit.sandbox.hosts })),
        log: options.log ?? createLogger({ level: "warn", write: () => {} }),
        strategy: options.strategy ?? "rpc",
        pollMs: 200,
        ...(options.primeEveryMs !== undefined ? { primeEveryMs: options.primeEveryMs } : {}),
      });
      await booker.start();
      bookers.push(booker);
      return booker;
    },
    /** The real slot monitor on the kit's sandbox, its decisions offered to `booker` (its fast path). */
    monitor(booker: Booker, options: Pick<SlotMonitorOptions, "portal"> = {}) {
      return startSlotMonitor({
        db: kit.db,
        databaseUrl: kit.api.url,
        encryptionKey: kit.key,
        hosts: kit.sandbox.hosts,
        log: silentLogger,
        onDecisions: (decisions) => booker.offer(decisions),
        ...options,
      });
    },
    /** Waits until the monitor's first read (feed or portal report) is in the calendar. */
    async firstRead(what = "the monitor's first read") {
      await eventually(
        async () => (await kit.db.selectFrom("slot_cells").select("date").limit(1).execute()).length > 0 || undefined,
        60_000,
        what,
      );
    },
    /** Waits for a task's first booking: the monitor's book decision handed off. */
    firstBooking: (taskId: number) =>
      eventually(
        async () => kit.db.selectFrom("bookings").selectAll().where("task_id", "=", taskId).executeTakeFirst(),
        60_000,
        "the monitor's book decision",
      ),
    async ready(keeper: SessionKeeper, cabinetIds: number[]) {
      await eventually(
        async () => cabinetIds.every((id) => keeper.status().ready.includes(id)) || undefined,
        60_000,
        "the cabinets' pages to be warm",
      );
    },
    booking: (id: number) => kit.db.selectFrom("bookings").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
    async ended(id: number, timeoutMs = 60_000) {
      return eventually(
        async () => {
          const row = await kit.db.selectFrom("bookings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
          return row.status === "pending" || row.status === "attempting" ? undefined : row;
        },
        timeoutMs,
        `booking ${id} to end`,
      );
    },
    task_: (id: number) =>
      kit.db.selectFrom("booking_tasks").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
    /** What the outbox holds for an organization, by kind. */
    outbox: (organizationId: number, kind: string) =>
      kit.db
        .selectFrom("notifications")
        .select(["payload", "chat_id"])
        .where("organization_id", "=", organizationId)
        .where("kind", "=", kind)
        .orderBy("id")
        .execute(),
    async close() {
      for (const b of bookers) await b.stop().catch(() => {});
      await kit.close();
    },
  };
}

export type BookingKit = Awaited<ReturnType<typeof bookingKit>>;
export type { ClaimedBooking };
export { eventually };
