import { cabinetToken } from "@slotpilot/db";
import { AppError, type ErrorCode } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { PortalDraft, PortalSupply } from "@slotpilot/portal";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { setNewest } from "../newest-first.ts";
import { callPortal, portalActive } from "../portal-call.ts";
import { validate } from "../validate.ts";
import { callWb } from "../wb-call.ts";
import { ownCabinet } from "./cabinets.ts";

// Details cost one call each against WB's 30/min supplies budget; the newest ones matter most.
const DETAILED = 10;
const KNOWN_LIMIT = 10_000;

/**
 * An unplanned preorder's warehouse and box type are fixed when it is made, so WB is asked for
 * them once per preorder (per API process), not on every screen that lists the cabinet's supplies
 * — the list alone then costs one call of the cabinet's budget. Keyed `cabinetId:preorderId`; the
 * oldest entry goes past 10,000.
 */
type PreorderDetails = Map<string, { warehouseId: number | null; boxTypeId: number }>;

const query = z.object({ cabinetId: z.coerce.number().int().positive() });

interface PreorderView {
  preorderId: number;
  createdAt: string | null;
  warehouseId: number | null;
  /** WB leaves the box type out for QR supplies; we call that box type 0. */
  boxTypeId: number | null;
  /** The portal's own name, when the supply came from there. */
  warehouseName?: string | null;
}

/**
 * `GET /api/supplies?cabinetId=` — what a cabinet can book: its unplanned supplies (WB status 1,
 * "preorders") with warehouse and box type, and its drafts. Preorders come from WB's official
 * supplies API when the cabinet has a token, else from its portal session; drafts exist only in
 * the portal, so they come from the cabinet's live portal session (none without one).
 * `sources` says which was used.
 */
export function suppliesRoutes(deps: ApiDeps) {
  const timeout = deps.portalCallTimeoutMs;
  const known: PreorderDetails = new Map();
  return new Hono<AppEnv>().get("/supplies", validate("query", query), async (c) => {
    const cabinet = await ownCabinet(deps.db, c.get("organization").id, c.req.valid("query").cabinetId);
    const token = cabinetToken(deps.config.encryptionKey, cabinet);
    const portal = await portalActive(deps.db, cabinet.id);
    if (!token && !portal) throw new AppError("portal.not_connected");
    const warnings: string[] = [];

    const preorders = token
      ? await officialPreorders(deps, token, cabinet.id, known)
      : (await callPortal<PortalSupply[]>(deps.db, cabinet.id, "listSupplies", { statusId: 1 }, timeout)).map(
          (s): PreorderView => ({
            preorderId: s.preorderId,
            createdAt: s.createdAt,
            warehouseId: s.warehouseId,
            boxTypeId: s.boxTypeId ?? 0,
            warehouseName: s.warehouseName,
          }),
        );

    let drafts: { draftId: string; createdAt: string | null; goodQuantity: number | null }[] = [];
    if (portal) {
      try {
        drafts = (await callPortal<PortalDraft[]>(deps.db, cabinet.id, "listDrafts", {}, timeout)).map((d) => ({
          draftId: d.draftId,
          createdAt: d.createdAt,
          goodQuantity: d.goodQuantity,
        }));
      } catch (error) {
        // The preorders are here; say why the drafts are not rather than failing the whole answer.
        if (!(error instanceof AppError)) throw error;
        warnings.push(translator(c.get("locale"))(`errors.${error.code as ErrorCode}`));
      }
    }

    const names = await deps.db
      .selectFrom("warehouses")
      .where("id", "in", [0, ...preorders.flatMap((p) => (p.warehouseId === null ? [] : [p.warehouseId]))])
      .select(["id", "name"])
      .execute();
    const nameOf = new Map(names.map((w) => [w.id, w.name]));
    return c.json({
      preorders: preorders.map((p) => ({
        preorderId: p.preorderId,
        createdAt: p.createdAt,
        warehouseId: p.warehouseId,
        boxTypeId: p.boxTypeId,
        warehouseName: p.warehouseId === null ? null : (nameOf.get(p.warehouseId) ?? p.warehouseName ?? null),
      })),
      drafts,
      sources: {
        preorders: token ? ("api" as const) : ("portal" as const),
        drafts: portal ? ("portal" as const) : null,
      },
      warnings,
    });
  });
}

async function officialPreorders(
  deps: ApiDeps,
  token: string,
  cabinetId: number,
  known: PreorderDetails,
): Promise<PreorderView[]> {
  const { data } = await callWb(() => deps.wb.supplies(token, { statusIDs: [1] }));
  const newest = [...data].sort((a, b) => (b.createDate ?? "").localeCompare(a.createDate ?? ""));
  return Promise.all(
    newest.map(async (supply, i) => {
      const key = `${cabinetId}:${supply.preorderID}`;
      let details = known.get(key);
      if (!details && i < DETAILED) {
        const { data: read } = await callWb(() => deps.wb.supply(token, supply.preorderID, { isPreorderID: true }));
        details = { warehouseId: read.warehouseID ?? null, boxTypeId: read.boxTypeID ?? 0 };
        // Kept once WB names the warehouse (it does from the preorder's making on).
        if (details.warehouseId !== null) setNewest(known, key, details, KNOWN_LIMIT);
      }
      return {
        preorderId: supply.preorderID,
        createdAt: supply.createDate ?? null,
        warehouseId: details?.warehouseId ?? null,
        boxTypeId: details ? details.boxTypeId : null,
      };
    }),
  );
}
