import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { maskPhone, type Supply } from "../accounts.ts";
import { MONOPALLET, QR, SUPERSAFE } from "../box-types.ts";
import { DAY_MS, dayToYmd } from "../dates.ts";
import { hashUnit } from "../prng.ts";
import type { SandboxState } from "../state.ts";
import { official } from "./official-gate.ts";
import { mskTime, wbErrorJson } from "./wb-error.ts";

const ok = (value: unknown) => ({ status: 200, json: JSON.stringify(value) });
const fail = (state: SandboxState, status: number, title: string, detail: string) => ({
  status,
  json: wbErrorJson(status, title, detail, state.now()),
});

/** `common-api`: the current home of the coefficients feed. */
export function commonApiRoutes(state: SandboxState): Hono {
  const app = new Hono();
  app.get(
    "/api/tariffs/v1/acceptance/coefficients",
    official(state, "coefficients", "coefficients", feed(state, false)),
  );
  return app;
}

/** `supplies-api`: the legacy feed and the read-only supplies methods. */
export function suppliesApiRoutes(state: SandboxState): Hono {
  const app = new Hono();
  const warehousesJson = JSON.stringify(
    state.warehouses.map((w) => ({
      ID: w.id,
      name: w.name,
      address: w.address,
      workTime: w.workTime,
      isActive: w.isActive,
      isTransitActive: w.isTransitActive,
    })),
  );
  app.get("/api/v1/acceptance/coefficients", official(state, "coefficients", "coefficients", feed(state, true)));
  app.get(
    "/api/v1/warehouses",
    official(state, "warehouses", "warehouses", () =>
      state.faults.warehousesOff ? disabled(state) : { status: 200, json: warehousesJson },
    ),
  );
  app.post(
    "/api/v1/acceptance/options",
    official(state, "acceptanceOptions", "acceptanceOptions", async (c) => {
      if (state.faults.acceptanceOptionsOff) return disabled(state);
      const body: unknown = await c.req.json().catch(() => undefined);
      if (!Array.isArray(body) || body.length === 0 || body.length > 5000) {
        return fail(state, 400, "invalid request body", "expects an array of 1 to 5000 {quantity, barcode}");
      }
      const filter = c.req.query("warehouseID");
      const targets = filter ? state.warehouses.filter((w) => String(w.id) === filter) : state.warehouses;
      const result = [];
      for (const item of body as unknown[]) {
        const barcode = (item as { barcode?: unknown })?.barcode;
        const quantity = (item as { quantity?: unknown })?.quantity;
        if (typeof barcode !== "string" || typeof quantity !== "number") {
          return fail(state, 400, "invalid request body", "each item expects {quantity: number, barcode: string}");
        }
        // A stable share of barcodes is unknown to WB, so error rows show up in every run.
        if (hashUnit("barcode", barcode) < 0.1) {
          result.push({
            barcode,
            warehouses: null,
            error: { title: "barcode not found", detail: "Баркод не найден в карточках товаров продавца" },
            isError: true,
          });
          continue;
        }
        result.push({
          barcode,
          warehouses: targets.map((w) => ({
            warehouseID: w.id,
            canBox: w.boxTypes.includes(2) || w.boxTypes.includes(QR),
            canMonopallet: w.boxTypes.includes(MONOPALLET),
            canSupersafe: w.boxTypes.includes(SUPERSAFE),
          })),
          isError: false,
        });
      }
      return ok({ result, requestId: randomUUID() });
    }),
  );
  app.get(
    "/api/v1/transit-tariffs",
    official(state, "transitTariffs", "transitTariffs", () => {
      if (state.faults.transitTariffsOff) return disabled(state);
      const from = state.warehouses.filter((w) => w.isTransitActive).slice(0, 10);
      const activeFrom = mskTime(Math.floor(state.now() / DAY_MS) * DAY_MS - 30 * DAY_MS);
      return ok(
        from.map((w, i) => ({
          transitWarehouseName: w.name,
          destinationWarehouseName: state.warehouses[i % 5]?.name ?? "Коледино",
          activeFrom,
          boxTariff: [{ from: 0, to: 1000, value: 3.5 }],
          palletTariff: 1500 + i * 100,
        })),
      );
    }),
  );
  app.post(
    "/api/v1/supplies",
    official(state, "supplies", "supplies", async (c, caller) => {
      const body: unknown = await c.req.json().catch(() => ({}));
      const limit = Number(c.req.query("limit") ?? 1000);
      const offset = Number(c.req.query("offset") ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) {
        return fail(state, 400, "invalid query", "limit must be 1..1000 and offset ≥ 0");
      }
      const filter = parseListFilter(body);
      if (!filter)
        return fail(state, 400, "invalid request body", "expects {dates?: [{from, till, type}], statusIDs?: []}");
      const rows = state.accounts
        .suppliesOf(caller.supplierId)
        .filter((s) => matches(s, filter))
        .slice(offset, offset + limit)
        .map(listRow);
      return ok(rows);
    }),
  );
  app.get(
    "/api/v1/supplies/:id",
    official(state, "supplies", "supplies", (c, caller) => {
      const id = Number(c.req.param("id"));
      const byPreorder = c.req.query("isPreorderID") === "true";
      if (!Number.isInteger(id) || id <= 0) return fail(state, 400, "invalid ID", "ID must be a positive integer");
      const supply = byPreorder ? state.accounts.supplies.get(id) : state.accounts.findBySupplyId(id);
      if (!supply || supply.supplierId !== caller.supplierId) return fail(state, 404, "not found", "supply not found");
      return ok(details(state, supply));
    }),
  );
  return app;
}

/** How a method WB "temporarily disabled" answers here (FACTS.md does not record WB's answer). */
const disabled = (state: SandboxState) => fail(state, 503, "method temporarily disabled", "Метод временно отключён");

function feed(state: SandboxState, legacy: boolean) {
  return (c: { req: { query(name: string): string | undefined } }) => {
    if (state.faults.feedOff) return disabled(state);
    const param = c.req.query("warehouseIDs");
    const today = state.today();
    if (!param) return { status: 200, json: state.world.calendar.feedBytes(today, legacy) };
    const ids = param.split(",").map((s) => Number(s.trim()));
    if (ids.some((id) => !Number.isInteger(id))) {
      return fail(state, 400, "invalid warehouseIDs", "warehouseIDs must be comma-separated integers");
    }
    return { status: 200, json: state.world.calendar.feedJson(today, { warehouseIds: ids, legacy }) };
  };
}

interface ListFilter {
  dates: { from: number; till: number; type: "createDate" | "supplyDate" | "factDate" | "updatedDate" }[];
  statusIDs: number[];
}

function parseListFilter(body: unknown): ListFilter | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const raw = body as { dates?: unknown; statusIDs?: unknown };
  const dates: ListFilter["dates"] = [];
  if (raw.dates !== undefined) {
    if (!Array.isArray(raw.dates)) return undefined;
    for (const d of raw.dates as { from?: unknown; till?: unknown; type?: unknown }[]) {
      const from = Date.parse(String(d?.from));
      const till = Date.parse(String(d?.till));
      const type = d?.type;
      if (Number.isNaN(from) || Number.isNaN(till)) return undefined;
      if (type !== "createDate" && type !== "supplyDate" && type !== "factDate" && type !== "updatedDate")
        return undefined;
      dates.push({ from, till: till + (String(d.till).length === 10 ? DAY_MS - 1 : 0), type });
    }
  }
  if (
    raw.statusIDs !== undefined &&
    !(Array.isArray(raw.statusIDs) && raw.statusIDs.every((s) => typeof s === "number"))
  ) {
    return undefined;
  }
  return { dates, statusIDs: (raw.statusIDs as number[] | undefined) ?? [] };
}

function matches(supply: Supply, filter: ListFilter): boolean {
  if (filter.statusIDs.length > 0 && !filter.statusIDs.includes(supply.statusId)) return false;
  for (const d of filter.dates) {
    const value =
      d.type === "createDate"
        ? supply.createdAt
        : d.type === "updatedDate"
          ? supply.updatedAt
          : d.type === "supplyDate" && supply.supplyDay !== null
            ? supply.supplyDay * DAY_MS
            : undefined;
    if (value === undefined || value < d.from || value > d.till) return false;
  }
  return true;
}

function supplyDate(supply: Supply): string | null {
  return supply.supplyDay === null ? null : `${dayToYmd(supply.supplyDay)}T00:00:00+03:00`;
}

function listRow(supply: Supply) {
  return {
    phone: maskPhone(supply.phone),
    supplyID: supply.supplyId,
    preorderID: supply.preorderId,
    createDate: mskTime(supply.createdAt),
    supplyDate: supplyDate(supply),
    factDate: null,
    updatedDate: mskTime(supply.updatedAt),
    statusID: supply.statusId,
    boxTypeID: supply.boxTypeId === QR ? null : supply.boxTypeId,
  };
}

function details(state: SandboxState, supply: Supply) {
  const warehouse = state.world.calendar.byId.get(supply.warehouseId);
  const transit =
    supply.transitWarehouseId === null ? undefined : state.world.calendar.byId.get(supply.transitWarehouseId);
  return {
    phone: maskPhone(supply.phone),
    statusID: supply.statusId,
    boxTypeID: supply.boxTypeId === QR ? null : supply.boxTypeId,
    isBoxOnPallet: supply.isBoxOnPallet,
    createDate: mskTime(supply.createdAt),
    supplyDate: supplyDate(supply),
    factDate: null,
    updatedDate: mskTime(supply.updatedAt),
    warehouseID: supply.warehouseId,
    warehouseName: warehouse?.name ?? "",
    actualWarehouseID: null,
    actualWarehouseName: null,
    transitWarehouseID: supply.transitWarehouseId,
    transitWarehouseName: transit?.name ?? null,
    acceptanceCost: supply.acceptanceCost,
    paidAcceptanceCoefficient: supply.paidAcceptanceCoefficient,
    rejectReason: null,
    supplierAssignName: null,
    storageCoef: warehouse ? String(warehouse.storageCoef) : null,
    deliveryCoef: warehouse ? String(warehouse.deliveryCoef) : null,
    quantity: supply.quantity,
    readyForSaleQuantity: 0,
    acceptedQuantity: 0,
    unloadingQuantity: 0,
    depersonalizedQuantity: 0,
  };
}
