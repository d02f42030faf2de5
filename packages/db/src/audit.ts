import type { Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

/** One line in the audit log: who did what, in which organization. Never holds a secret. */
export async function recordAudit(
  db: Db | Transaction<Database>,
  entry: {
    action: string;
    actorUserId?: number | null;
    organizationId?: number | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      action: entry.action,
      actor_user_id: entry.actorUserId ?? null,
      organization_id: entry.organizationId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
