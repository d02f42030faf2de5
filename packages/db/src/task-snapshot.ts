import type { TaskReason, TaskSnapshot } from "@slotpilot/domain";
import type { TaskStatus } from "./schema.ts";

/** A `booking_tasks` row as the domain's task life (`transition`) reads it. */
export function taskSnapshot(row: {
  status: TaskStatus;
  status_reason: string | null;
  date_to: string;
  deadline: Date | null;
  replan: boolean;
}): TaskSnapshot {
  return {
    state: row.status,
    reason: row.status_reason as TaskReason | null,
    dateTo: row.date_to,
    deadline: row.deadline,
    replan: row.replan,
  };
}
