import { type Cabinet, cabinetToken, type Db } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import type { PortalDraft, PortalSupply } from "@slotpilot/portal";
import { WbError, type WbOfficialClient } from "@slotpilot/wb";
import { callPortal } from "../portal-call.ts";
import { callWb } from "../wb-call.ts";

export type SupplyInput =
  | { kind: "preorder"; preorderId: number }
  | { kind: "draft"; draftId: string; warehouseIds: number[] };

export interface ResolvedSupply {
  kind: "preorder" | "draft";
  id: string;
  warehouseIds: number[];
  /** Known for a preorder (WB fixed it); a draft's comes from the seller. */
  boxTypeId: number | undefined;
}

/**
 * What a task books: a preorder is read back from WB (it must exist in this cabinet, still
 * unplanned; its warehouse and box type are WB's) — through the official API with the cabinet's
 * token, or its portal session without one; a draft names candidate warehouses, which must be real
 * WB warehouses.
 */
export async function resolveSupply(
  db: Db,
  wb: WbOfficialClient,
  key: Buffer,
  cabinet: Cabinet,
  supply: SupplyInput,
): Promise<ResolvedSupply> {
  const token = cabinetToken(key, cabinet);
  if (!token) return resolveThroughPortal(db, cabinet, supply);
  if (supply.kind === "preorder") {
    const details = await callWb(() => wb.supply(token, supply.preorderId, { isPreorderID: true })).catch(
      (error: unknown) => {
        if (error instanceof WbError && (error.status === 404 || error.status === 400)) return undefined;
        throw error;
      },
    );
    const warehouseId = details?.data.warehouseID;
    if (details?.data.statusID !== 1 || !warehouseId) {
      throw new AppError("task.supply_not_found", { supplyId: supply.preorderId });
    }
    return {
      kind: "preorder",
      id: String(supply.preorderId),
      warehouseIds: [warehouseId],
      boxTypeId: details.data.boxTypeID ?? 0,
    };
  }
  await ensureWarehouses(db, wb, token);
  const known = await db.selectFrom("warehouses").where("id", "in", supply.warehouseIds).select("id").execute();
  const unknown = supply.warehouseIds.find((id) => !known.some((w) => w.id === id));
  if (unknown !== undefined) throw new AppError("task.unknown_warehouse", { warehouseId: unknown });
  return { kind: "draft", id: supply.draftId, warehouseIds: supply.warehouseIds, boxTypeId: undefined };
}

/** The monitor fills `warehouses` from the feed; before its first read, ask WB once. */
async function ensureWarehouses(db: Db, wb: WbOfficialClient, token: string): Promise<void> {
  const any = await db.selectFrom("warehouses").select("id").limit(1).executeTakeFirst();
  if (any) return;
  const { data } = await callWb(() => wb.warehouses(token));
  if (data.length === 0) return;
  await db
    .insertInto("warehouses")
    .values(data.map((w) => ({ id: w.ID, name: w.name })))
    .onConflict((oc) => oc.column("id").doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })))
    .execute();
}

/** The same checks through the cabinet's portal session, for a cabinet connected without a token. */
async function resolveThroughPortal(db: Db, cabinet: Cabinet, supply: SupplyInput): Promise<ResolvedSupply> {
  if (supply.kind === "preorder") {
    const unplanned = await callPortal<PortalSupply[]>(db, cabinet.id, "listSupplies", { statusId: 1 });
    const found = unplanned.find((s) => s.preorderId === supply.preorderId);
    if (!found?.warehouseId) throw new AppError("task.supply_not_found", { supplyId: supply.preorderId });
    return {
      kind: "preorder",
      id: String(supply.preorderId),
      warehouseIds: [found.warehouseId],
      boxTypeId: found.boxTypeId ?? 0,
    };
  }
  const drafts = await callPortal<PortalDraft[]>(db, cabinet.id, "listDrafts");
  if (!drafts.some((d) => d.draftId === supply.draftId))
    throw new AppError("task.supply_not_found", { supplyId: supply.draftId });
  const known = await db.selectFrom("warehouses").where("id", "in", supply.warehouseIds).select("id").execute();
  const unknown = supply.warehouseIds.find((id) => !known.some((w) => w.id === id));
  if (unknown !== undefined) throw new AppError("task.unknown_warehouse", { warehouseId: unknown });
  return { kind: "draft", id: supply.draftId, warehouseIds: supply.warehouseIds, boxTypeId: undefined };
}
