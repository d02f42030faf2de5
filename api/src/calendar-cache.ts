import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { type Db, listSlotCells, type SlotCalendarQuery } from "@slotpilot/db";
import { sql } from "kysely";
import { setNewest } from "./newest-first.ts";

/** One calendar cell: `[warehouseId, date, boxTypeId, coefficient, allowUnload, since]`. */
export type SlotCellRow = [
  warehouseId: number,
  date: string,
  boxTypeId: number,
  coefficient: number,
  allowUnload: boolean,
  /** Epoch ms when the cell's current state was first seen (its "updated at"). */
  since: number,
];

export interface SlotsResponse {
  from: string;
  to: string;
  /** Epoch ms of the monitor's latest read among these cells; null when there are none. */
  seenAt: number | null;
  /** Every warehouse that has a cell below (name null: WB listed the cell before its directory). */
  warehouses: { id: number; name: string | null; isSortingCenter: boolean }[];
  /** Rows rather than objects: a full calendar is ~5,600 cells and this keeps it a third the size. */
  cells: SlotCellRow[];
}

/** A calendar answer, serialized once, compressed once, named by its ETag. */
export interface CalendarBody {
  etag: string;
  json: string;
  gzip: Buffer;
}

async function buildCalendar(db: Db, query: SlotCalendarQuery): Promise<CalendarBody> {
  const rows = await listSlotCells(db, query);
  const warehouses = new Map<number, SlotsResponse["warehouses"][number]>();
  let seenAt: number | null = null;
  const cells = rows.map((r): SlotCellRow => {
    if (!warehouses.has(r.warehouseId)) {
      warehouses.set(r.warehouseId, {
        id: r.warehouseId,
        name: r.warehouseName,
        isSortingCenter: r.isSortingCenter ?? false,
      });
    }
    seenAt = Math.max(seenAt ?? 0, r.seenAt.getTime());
    return [r.warehouseId, r.date, r.boxTypeId, r.coefficient, r.allowUnload, r.since.getTime()];
  });
  const body: SlotsResponse = { from: query.from, to: query.to, seenAt, warehouses: [...warehouses.values()], cells };
  const json = JSON.stringify(body);
  return { etag: `"${createHash("sha1").update(json).digest("base64url")}"`, json, gzip: gzipSync(json) };
}

export interface CalendarCache {
  get(query: SlotCalendarQuery): Promise<CalendarBody>;
}

/**
 * The slot calendar is the same for every seller and changes only when the monitor writes a cell,
 * so it is built once per change and served from memory: the version (the latest `seen_at` and the
 * number of cells) is looked up at most every `checkMs`, and a body is rebuilt only when the
 * version moved. Concurrent requests for the same cold calendar share one build.
 */
export function createCalendarCache(db: Db, options: { checkMs?: number; maxEntries?: number } = {}): CalendarCache {
  const checkMs = options.checkMs ?? 500;
  const maxEntries = options.maxEntries ?? 64;
  let version: { value: string; at: number } | undefined;
  let checking: Promise<string> | undefined;
  const entries = new Map<string, { version: string; body: Promise<CalendarBody> }>();

  async function currentVersion(): Promise<string> {
    if (version && Date.now() - version.at < checkMs) return version.value;
    // A write stamps the cells it touches with the read's time; a prune removes rows: both move this.
    checking ??= sql<{ v: Date | null; n: number }>`select max(seen_at) as v, count(*)::int as n from slot_cells`
      .execute(db)
      .then(({ rows }) => {
        const value = `${rows[0]?.v?.getTime() ?? 0}:${rows[0]?.n ?? 0}`;
        version = { value, at: Date.now() };
        return value;
      })
      .finally(() => {
        checking = undefined;
      });
    return checking;
  }

  return {
    async get(query) {
      const key = JSON.stringify([query.from, query.to, query.boxTypeId ?? null, query.warehouseIds ?? null]);
      const now = await currentVersion();
      const cached = entries.get(key);
      if (cached?.version === now) return cached.body;
      const body = buildCalendar(db, query);
      // Least recently built first: the oldest queries go when there are too many.
      setNewest(entries, key, { version: now, body }, maxEntries);
      body.catch(() => entries.delete(key));
      return body;
    },
  };
}
