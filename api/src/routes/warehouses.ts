import { AppError, searchWarehouses } from "@slotpilot/domain";
import { Hono } from "hono";
import { sql } from "kysely";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { rule } from "../validation/field-errors.ts";
import { line, warehouseId } from "../validation/fields.ts";

/** More than WB has ever listed: one page names them all. */
export const WAREHOUSE_LIMIT = 1000;

export interface WarehouseView {
  id: number;
  name: string;
  isSortingCenter: boolean;
  /** One of the caller's favourites (they come first). */
  favourite: boolean;
}

const searchQuery = z
  .object({
    search: line(64, 0).optional(),
    // Up to every warehouse WB has (a few hundred with its sorting centres), for a client naming them all.
    limit: z.coerce.number().int().min(1).max(WAREHOUSE_LIMIT).default(20),
  })
  .strict();
const favouritesBody = z
  .object({
    warehouseIds: z
      .array(warehouseId)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, rule("distinct")),
  })
  .strict();

/**
 * `GET /api/warehouses?search=` — WB warehouses by name, the caller's favourites first, then names
 * that start with the search, then the rest alphabetically. `GET/PUT /api/me/favourites` — the
 * caller's favourite warehouses (the calendar and the bot list them first).
 */
export function warehouseRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .get("/warehouses", validate("query", searchQuery), async (c) => {
      const { search, limit } = c.req.valid("query");
      const userId = c.get("user").id;
      // Every warehouse (a few hundred), searched here: PostgreSQL's `ilike` under the C locale
      // folds only ASCII, so «коледино» would never find «Коледино».
      const rows = await deps.db
        .selectFrom("warehouses")
        .leftJoin("favourite_warehouses as f", (join) =>
          join.onRef("f.warehouse_id", "=", "warehouses.id").on("f.user_id", "=", userId),
        )
        .select([
          "warehouses.id",
          "warehouses.name",
          "warehouses.is_sorting_center",
          sql<boolean>`f.user_id is not null`.as("favourite"),
        ])
        .orderBy(sql`f.position is null`)
        .orderBy("f.position")
        .orderBy("warehouses.name")
        .execute();
      const found = searchWarehouses(rows, search ?? "").slice(0, limit);
      const warehouses: WarehouseView[] = found.map((r) => ({
        id: r.id,
        name: r.name,
        isSortingCenter: r.is_sorting_center,
        favourite: r.favourite,
      }));
      return c.json({ warehouses });
    })
    .get("/me/favourites", async (c) => {
      const rows = await deps.db
        .selectFrom("favourite_warehouses")
        .where("user_id", "=", c.get("user").id)
        .orderBy("position")
        .select("warehouse_id")
        .execute();
      return c.json({ warehouseIds: rows.map((r) => r.warehouse_id) });
    })
    .put("/me/favourites", validate("json", favouritesBody), async (c) => {
      const userId = c.get("user").id;
      const { warehouseIds } = c.req.valid("json");
      // Only warehouses WB has: a favourite nobody can pick in the calendar or the bot is a typo.
      const known =
        warehouseIds.length === 0
          ? []
          : await deps.db.selectFrom("warehouses").where("id", "in", warehouseIds).select("id").execute();
      const unknown = warehouseIds.find((id) => !known.some((w) => w.id === id));
      if (unknown !== undefined) throw new AppError("favourites.unknown_warehouse", { warehouseId: unknown });
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("favourite_warehouses").where("user_id", "=", userId).execute();
        if (warehouseIds.length > 0) {
          await trx
            .insertInto("favourite_warehouses")
            .values(warehouseIds.map((id, i) => ({ user_id: userId, warehouse_id: id, position: i })))
            .execute();
        }
      });
      return c.json({ warehouseIds });
    });
}
