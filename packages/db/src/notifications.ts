import { sql, type Transaction } from "kysely";
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
  /** Names the opening (cell + the state it opened from): the same opening is alerted once per chat. */
  opening: string;
}

/**
 * Puts slot alerts in the outbox, one message for every member of each alert's organization, in
 * one statement whatever the number of alerts. A second insert of the same opening for the same
 * task and chat does nothing. Returns how many messages were queued.
 */
export async function enqueueSlotAlerts(db: Db | Transaction<Database>, alerts: readonly SlotAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const rows = alerts.map((alert, n) => ({
    n,
    organization_id: alert.organizationId,
    task_id: alert.taskId,
    opening: alert.opening,
    payload: alert,
  }));
  const result = await sql`
    insert into notifications (organization_id, chat_id, kind, dedupe_key, payload)
    select a.organization_id, u.telegram_id, 'slot.alert',
           'slot.alert:' || a.task_id || ':' || a.opening || ':' || u.telegram_id, a.payload
    from json_to_recordset(${JSON.stringify(rows)}::json) as a(
      n integer, organization_id bigint, task_id bigint, opening text, payload jsonb)
    -- Lateral: each alert looks up its own organization's members by key, never a scan of all.
    cross join lateral (
      select u.telegram_id from memberships m join users u on u.id = m.user_id
      where m.organization_id = a.organization_id
    ) u
    order by a.n, u.telegram_id
    on conflict (dedupe_key) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** One alert: see `enqueueSlotAlerts`. */
export async function enqueueSlotAlert(db: Db | Transaction<Database>, alert: SlotAlert): Promise<number> {
  return enqueueSlotAlerts(db, [alert]);
}
