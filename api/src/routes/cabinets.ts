import { type Db, recordAudit, sealCabinetToken, tokenFingerprint } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { tokenClaims } from "@slotpilot/wb";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { idParam, line } from "../validation/fields.ts";
import { callWb } from "../wb-call.ts";

export interface CabinetView {
  id: number;
  name: string;
  tokenType: "personal" | "basic";
  /** The seller lets the shared monitor spend this token's feed budget. */
  monitorOptIn: boolean;
  createdAt: string;
}

const create = z
  .object({
    name: line(64),
    apiToken: z.string().trim().min(20).max(4096),
    monitorOptIn: z.boolean().default(false),
  })
  .strict();
const update = z.object({ name: line(64).optional(), monitorOptIn: z.boolean().optional() }).strict();

// WB tokens are JWTs: one line of printable ASCII. Anything else cannot be a token (nor be sent in a header).
const TOKEN_CHARS = /^[\x21-\x7E]+$/;

const view = (row: {
  id: number;
  name: string;
  token_type: "personal" | "basic";
  monitor_opt_in: boolean;
  created_at: Date;
}): CabinetView => ({
  id: row.id,
  name: row.name,
  tokenType: row.token_type,
  monitorOptIn: row.monitor_opt_in,
  createdAt: row.created_at.toISOString(),
});

const COLUMNS = ["id", "name", "token_type", "monitor_opt_in", "created_at"] as const;

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
 * WB cabinets: a seller connects one by pasting a WB API token. The token is checked against WB
 * (one cheap supplies-list call), its type read, and it is stored encrypted; it never leaves the
 * server again.
 */
export function cabinetRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .get("/cabinets", async (c) => {
      const rows = await deps.db
        .selectFrom("cabinets")
        .where("organization_id", "=", c.get("organization").id)
        .select(COLUMNS)
        .orderBy("id")
        .execute();
      // What opting in means, for the UI to show beside the switch.
      const monitorOptInExplained = translator(c.get("locale"))("cabinets.monitorOptInExplained");
      return c.json({ cabinets: rows.map(view), monitorOptInExplained });
    })
    .post("/cabinets", validate("json", create), async (c) => {
      const input = c.req.valid("json");
      if (!TOKEN_CHARS.test(input.apiToken)) throw new AppError("cabinet.token_invalid");
      const organizationId = c.get("organization").id;
      const same = await deps.db
        .selectFrom("cabinets")
        .where("organization_id", "=", organizationId)
        .where((eb) =>
          eb.or([eb("token_fingerprint", "=", tokenFingerprint(input.apiToken)), eb("name", "=", input.name)]),
        )
        .select(["name", "token_fingerprint"])
        .executeTakeFirst();
      if (same?.token_fingerprint === tokenFingerprint(input.apiToken))
        throw new AppError("cabinet.token_duplicate", { name: same.name });
      if (same) throw new AppError("cabinet.name_taken", { name: input.name });

      // A token WB refuses is never stored.
      await callWb(() => deps.wb.supplies(input.apiToken, { statusIDs: [1], limit: 1 }));
      const claims = tokenClaims(input.apiToken);
      // A token whose claims we cannot read gets the stricter Basic budget: never over WB's limit.
      const tokenType = claims.type === "personal" ? "personal" : "basic";
      const row = await deps.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("cabinets")
          .values({
            organization_id: organizationId,
            name: input.name,
            wb_account_id: claims.accountId ?? null,
            token_type: tokenType,
            monitor_opt_in: input.monitorOptIn && tokenType === "personal",
            ...sealCabinetToken(deps.config.encryptionKey, organizationId, input.apiToken),
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
            : { monitor_opt_in: input.monitorOptIn && cabinet.token_type === "personal" }),
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
      return c.json({ cabinet: view(row) });
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
