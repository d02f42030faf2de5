import { MATCHED_STATES } from "@slotpilot/domain";
import type { Db } from "../connect.ts";

/**
 * Which of these cabinets may book any moment now: they have a `book` task that is not a dry run
 * in a state matching looks at (hunting, or watching for a better day to move to). The booker
 * keeps their planning challenge solved ahead for them, and only for them.
 */
export async function huntingCabinets(db: Db, cabinetIds: readonly number[]): Promise<number[]> {
  if (cabinetIds.length === 0) return [];
  const rows = await db
    .selectFrom("booking_tasks")
    .where("cabinet_id", "in", [...cabinetIds])
    .where("mode", "=", "book")
    .where("dry_run", "=", false)
    .where("status", "in", [...MATCHED_STATES])
    .select("cabinet_id")
    .distinct()
    .execute();
  return rows.map((r) => Number(r.cabinet_id));
}
