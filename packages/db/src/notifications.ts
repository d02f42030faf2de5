import type { Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

export interface SlotAlert {
  organizationId: number;
  taskId: number;
  warehouseId: number;
  warehouseName: string;
  date: string;
  boxTypeId: number;
  coefficient: number;
  /** Names the opening (cell + when it opened): the same opening is alerted once per chat. */
  opening: string;
}

/**
 * Puts a slot alert in the outbox for every member of the organization. A second insert of the
 * same opening for the same task and chat does nothing. Returns how many messages were queued.
 */
export async function enqueueSlotAlert(db: Db | Transaction<Database>, alert: SlotAlert): Promise<number> {
  const members = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.organization_id", "=", alert.organizationId)
    .select("users.telegram_id")
    .execute();
  if (members.length === 0) return 0;
  const rows = await db
    .insertInto("notifications")
    .values(
      members.map((m) => ({
        organization_id: alert.organizationId,
        chat_id: m.telegram_id,
        kind: "slot.alert",
        dedupe_key: `slot.alert:${alert.taskId}:${alert.opening}:${m.telegram_id}`,
        payload: JSON.stringify(alert),
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .execute();
  return rows.length;
}
