import { type Db, readPortalSession, recordAudit, sealCabinetToken, tokenFingerprint } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { tokenClaims } from "@slotpilot/wb";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { enforcePolicy } from "../policy.ts";
import { type PortalSessionView, portalView } from "../portal-view.ts";
import { validate } from "../validate.ts";
import { rule } from "../validation/field-errors.ts";
import { idParam, line } from "../validation/fields.ts";
import { callWb } from "../wb-call.ts";

export interface CabinetView {
  id: number;
  name: string;
  /** The WB API token's type, or null for a cabinet connected by portal login alone. */
  tokenType: "personal" | "basic" | null;
  /**
   * The seller lets the shared monitor read slots with this cabinet: its Personal token's feed
   * budget, or — without a token — its portal session, politely.
   */
  monitorOptIn: boolean;
  /** The WB seller-portal session's state (`GET /cabinets/:id` shows all of it), or null. */
  portal: Pick<PortalSessionView, "state" | "waitingFor"> | null;
  createdAt: string;
}

const create = z
  .object({
    name: line(64),
    /** Optional: a cabinet can be connected by portal login alone (`POST /cabinets/:id/login`). */
    apiToken: z.string().trim().min(20, rule("wb_token")).max(4096).optional(),
    monitorOptIn: z.boolean().default(false),
  })
  .strict();
const update = z.object({ name: line(64).optional(), monitorOptIn: z.boolean().optional() }).strict();

// WB tokens are JWTs: one line of printable ASCII. Anything else cannot be a token (nor be sent in a header).
const TOKEN_CHARS = /^[\x21-\x7E]+$/;

const view = (
  row: {
    id: number;
    name: string;
    token_type: "personal" | "basic" | null;
    monitor_opt_in: boolean;
    created_at: Date;
  },
  portal: CabinetView["portal"] = null,
): CabinetView => ({
  id: row.id,
  name: row.name,
  tokenType: row.token_type,
  monitorOptIn: row.monitor_opt_in,
  portal,
  createdAt: row.created_at.toISOString(),
});

const COLUMNS = ["id", "name", "token_type", "monitor_opt_in", "created_at"] as const;

/** A Basic token reads the feed once an hour: it never feeds the monitor. No token: the session may. */
const mayLend = (tokenType: "personal" | "basic" | null) => tokenType !== "basic";

/** A cabinet of the caller's organization, or `cabinet.not_found` (also for someone else's). */
export async function ownCabinet(db: Db, organizationId: number, id: number) {
  const cabinet = await db
    .selectFrom("cabinets")
    .where("id", "=", id)
    .where("organization_id", "=", organizationId)
    .selectAll()
    .executeTakeFirst();
  if (!cabinet) throw new AppError("cabinet.not_found");
  return cabinet;
}

/**
 * WB cabinets: a seller connects one by pasting a WB API token, by logging in to the WB seller
 * portal (`portal-login.ts`), or both. A token is checked against WB (one cheap supplies-list
 * call), its type read, and it is stored encrypted; it never leaves the server again.
 */
export function cabinetRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .get("/cabinets", async (c) => {
      const rows = await deps.db
        .selectFrom("cabinets")
        .leftJoin("portal_sessions", "portal_sessions.cabinet_id", "cabinets.id")
        .where("cabinets.organization_id", "=", c.get("organization").id)
        .select([
          "cabinets.id",
          "cabinets.name",
          "cabinets.token_type",
          "cabinets.monitor_opt_in",
          "cabinets.created_at",
          "portal_sessions.state",
          "portal_sessions.waiting_for",
        ])
        .orderBy("cabinets.id")
        .execute();
      // What opting in means, for the UI to show beside the switch.
      const monitorOptInExplained = translator(c.get("locale"))("cabinets.monitorOptInExplained");
      return c.json({
        cabinets: rows.map((r) => view(r, r.state ? { state: r.state, waitingFor: r.waiting_for } : null)),
        monitorOptInExplained,
      });
    })
    .get("/cabinets/:id", validate("param", idParam), async (c) => {
      const cabinet = await ownCabinet(deps.db, c.get("organization").id, c.req.valid("param").id);
      const session = await readPortalSession(deps.db, cabinet.id);
      const portal = session ? portalView(session, c.get("locale")) : null;
      return c.json({ cabinet: { ...view(cabinet, portal), portal } });
    })
    .post("/cabinets", validate("json", create), async (c) => {
      const input = c.req.valid("json");
      if (input.apiToken !== undefined && !TOKEN_CHARS.test(input.apiToken))
        throw new AppError("cabinet.token_invalid");
      const organizationId = c.get("organization").id;
      const apiToken = input.apiToken;
      const fingerprint = apiToken === undefined ? undefined : tokenFingerprint(apiToken);
      const same = await deps.db
        .selectFrom("cabinets")
        .where("organization_id", "=", organizationId)
        .where((eb) =>
          eb.or([
            eb("name", "=", input.name),
            ...(fingerprint === undefined ? [] : [eb("token_fingerprint", "=", fingerprint)]),
          ]),
        )
        .select(["name", "token_fingerprint"])
        .executeTakeFirst();
      if (fingerprint !== undefined && same?.token_fingerprint === fingerprint)
        throw new AppError("cabinet.token_duplicate", { name: same.name });
      if (same) throw new AppError("cabinet.name_taken", { name: input.name });
      await enforcePolicy(deps, organizationId, { type: "connect_cabinet" });

      let token: {
        type: "personal" | "basic";
        accountId: number | null;
        sealed: ReturnType<typeof sealCabinetToken>;
      } | null = null;
      if (apiToken !== undefined) {
        // A token WB refuses is never stored.
        await callWb(() => deps.wb.supplies(apiToken, { statusIDs: [1], limit: 1 }));
        const claims = tokenClaims(apiToken);
        token = {
          // A token whose claims we cannot read gets the stricter Basic budget: never over WB's limit.
          type: claims.type === "personal" ? "personal" : "basic",
          accountId: claims.accountId ?? null,
          sealed: sealCabinetToken(deps.config.encryptionKey, organizationId, apiToken),
        };
      }
      const tokenType = token?.type ?? null;
      const row = await deps.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("cabinets")
          .values({
            organization_id: organizationId,
            name: input.name,
            wb_account_id: token?.accountId ?? null,
            token_type: tokenType,
            monitor_opt_in: input.monitorOptIn && mayLend(tokenType),
            token_sealed: token?.sealed.token_sealed ?? null,
            token_fingerprint: token?.sealed.token_fingerprint ?? null,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          action: "cabinet.connected",
          actorUserId: c.get("user").id,
          organizationId,
          details: { cabinetId: inserted.id, tokenType },
        });
        return inserted;
      });
      const t = translator(c.get("locale"));
      const warnings = tokenType === "basic" ? [t("cabinets.basicTokenWarning")] : [];
      return c.json({ cabinet: view(row), warnings }, 201);
    })
    .patch("/cabinets/:id", validate("param", idParam), validate("json", update), async (c) => {
      const organizationId = c.get("organization").id;
      const cabinet = await ownCabinet(deps.db, organizationId, c.req.valid("param").id);
      const input = c.req.valid("json");
      // Nothing asked for, nothing changes (not even `updated_at`).
      if (input.name === undefined && input.monitorOptIn === undefined) return c.json({ cabinet: view(cabinet) });
      const row = await deps.db
        .updateTable("cabinets")
        .set({
          ...(input.name ? { name: input.name } : {}),
          // Basic tokens cannot feed the monitor: one read per hour helps nobody.
          ...(input.monitorOptIn === undefined
            ? {}
            : { monitor_opt_in: input.monitorOptIn && mayLend(cabinet.token_type) }),
          updated_at: new Date(),
        })
        .where("id", "=", cabinet.id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
        .catch((e: unknown) => {
          if ((e as { code?: string }).code === "23505")
            throw new AppError("cabinet.name_taken", { name: input.name ?? "" });
          throw e;
        });
      const session = await readPortalSession(deps.db, row.id);
      return c.json({ cabinet: view(row, session ? { state: session.state, waitingFor: session.waiting_for } : null) });
    })
    .delete("/cabinets/:id", validate("param", idParam), async (c) => {
      const organizationId = c.get("organization").id;
      const cabinet = await ownCabinet(deps.db, organizationId, c.req.valid("param").id);
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("cabinets").where("id", "=", cabinet.id).execute();
        await recordAudit(trx, {
          action: "cabinet.removed",
          actorUserId: c.get("user").id,
          organizationId,
          details: { cabinetId: cabinet.id },
        });
      });
      return c.body(null, 204);
    });
}
