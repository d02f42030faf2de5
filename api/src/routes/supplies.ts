import { openCabinetToken } from "@slotpilot/db";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { callWb } from "../wb-call.ts";
import { ownCabinet } from "./cabinets.ts";

// Details cost one call each against WB's 30/min supplies budget; the newest ones matter most.
const DETAILED = 10;

const query = z.object({ cabinetId: z.coerce.number().int().positive() });

/**
 * `GET /api/supplies?cabinetId=` — the cabinet's unplanned supplies (WB status 1, "preorders") with
 * their warehouse and box type, read live through WB's official supplies API. Drafts are not in
 * the official API: they come from the seller's portal session (booking issue) — `drafts` is empty
 * until then.
 */
export function suppliesRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>().get("/supplies", validate("query", query), async (c) => {
    const cabinet = await ownCabinet(deps.db, c.get("organization").id, c.req.valid("query").cabinetId);
    const token = openCabinetToken(deps.config.encryptionKey, cabinet);
    const { data } = await callWb(() => deps.wb.supplies(token, { statusIDs: [1] }));
    const newest = [...data].sort((a, b) => (b.createDate ?? "").localeCompare(a.createDate ?? ""));
    const preorders = await Promise.all(
      newest.map(async (supply, i) => {
        const details =
          i < DETAILED
            ? await callWb(() => deps.wb.supply(token, supply.preorderID, { isPreorderID: true })).then((r) => r.data)
            : undefined;
        return {
          preorderId: supply.preorderID,
          createdAt: supply.createDate ?? null,
          warehouseId: details?.warehouseID ?? null,
          // WB leaves the box type out for QR supplies; we call that box type 0.
          boxTypeId: details ? (details.boxTypeID ?? 0) : null,
        };
      }),
    );
    const names = await deps.db
      .selectFrom("warehouses")
      .where("id", "in", [0, ...preorders.flatMap((p) => (p.warehouseId === null ? [] : [p.warehouseId]))])
      .select(["id", "name"])
      .execute();
    const nameOf = new Map(names.map((w) => [w.id, w.name]));
    return c.json({
      preorders: preorders.map((p) => ({
        ...p,
        warehouseName: p.warehouseId === null ? null : (nameOf.get(p.warehouseId) ?? null),
      })),
      drafts: [] as { draftId: string }[],
    });
  });
}
