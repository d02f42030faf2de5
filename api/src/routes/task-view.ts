import type { BookingTask } from "@slotpilot/db";

export interface TaskView {
  id: number;
  cabinetId: number;
  supply: { kind: "preorder" | "draft"; id: string };
  warehouseIds: number[];
  boxTypeId: number;
  dateFrom: string;
  dateTo: string;
  skipDates: string[];
  maxCoefficient: number;
  deadline: string | null;
  mode: "book" | "alert";
  flapGuard: "first-sight" | "confirm";
  /** Book up to the final confirmation and stop: nothing is booked. */
  dryRun: boolean;
  /** A cap on the acceptance cost in rubles (besides the coefficient); null: none. */
  maxCostRub: number | null;
  /** After booking at a paid coefficient, keep watching and move the supply to a better day. */
  replan: boolean;
  /** Where WB has the supply planned now (booked, watching or moving); null before it is booked. */
  planned: { warehouseId: number; date: string; coefficient: number } | null;
  status: BookingTask["status"];
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export function taskView(row: BookingTask): TaskView {
  return {
    id: row.id,
    cabinetId: row.cabinet_id,
    supply: { kind: row.supply_kind, id: row.supply_id },
    warehouseIds: row.warehouse_ids,
    boxTypeId: row.box_type_id,
    dateFrom: row.date_from,
    dateTo: row.date_to,
    skipDates: row.skip_dates,
    maxCoefficient: row.max_coefficient,
    deadline: row.deadline?.toISOString() ?? null,
    mode: row.mode,
    flapGuard: row.flap_guard,
    dryRun: row.dry_run,
    maxCostRub: row.max_cost_rub,
    replan: row.replan,
    planned:
      row.planned_warehouse_id !== null && row.planned_date !== null && row.planned_coefficient !== null
        ? { warehouseId: row.planned_warehouse_id, date: row.planned_date, coefficient: row.planned_coefficient }
        : null,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
