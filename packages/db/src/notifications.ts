import { type RawBuilder, sql, type Transaction } from "kysely";
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
 * The statement that queues slot alerts from `alerts`, a query of (n, organization_id, task_id,
 * opening, payload) rows: one message for every member of each alert's organization, in the order of
 * `n`. A second insert of the same opening for the same task and chat does nothing.
 */
export function slotAlertsSql(alerts: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into notifications (organization_id, chat_id, kind, dedupe_key, payload)
    select a.organization_id, u.telegram_id, 'slot.alert',
           'slot.alert:' || a.task_id || ':' || a.opening || ':' || u.telegram_id, a.payload
    from (${alerts}) as a
    -- Lateral: each alert looks up its own organization's members by key, never a scan of all.
    cross join lateral (
      select u.telegram_id from memberships m join users u on u.id = m.user_id
      where m.organization_id = a.organization_id
    ) u
    order by a.n, u.telegram_id
    on conflict (dedupe_key) do nothing`;
}

/**
 * Puts slot alerts in the outbox (see `slotAlertsSql`) in one statement, whatever their number.
 * Returns how many messages were queued. The monitor queues its alerts with its decisions
 * (`storeDecisions`); this is for an alert on its own.
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
  const result = await slotAlertsSql(
    sql`select * from json_to_recordset(${JSON.stringify(rows)}::json)
          as a(n integer, organization_id bigint, task_id bigint, opening text, payload jsonb)`,
  ).execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** One alert: see `enqueueSlotAlerts`. */
export async function enqueueSlotAlert(db: Db | Transaction<Database>, alert: SlotAlert): Promise<number> {
  return enqueueSlotAlerts(db, [alert]);
}
