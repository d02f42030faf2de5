import type { Db } from "./connect.ts";

/** What a task books, or undefined when the task is gone. */
export async function taskSupply(
  db: Db,
  taskId: number,
): Promise<{ kind: "preorder" | "draft"; id: string } | undefined> {
  const row = await db
    .selectFrom("booking_tasks")
    .where("id", "=", taskId)
    .select(["supply_kind", "supply_id"])
    .executeTakeFirst();
  return row && { kind: row.supply_kind, id: row.supply_id };
}
