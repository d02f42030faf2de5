import type { BookingTask } from "@slotpilot/db";
import { z } from "zod";

const day = z.string().describe("A Moscow calendar day, `YYYY-MM-DD`");

/**
 * A task's supply, read in the very shape `POST /api/tasks` takes (`preorderId`, or `draftId` with
 * the ranked `warehouseIds`), so what is read can be sent back.
 */
const supplyView = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("preorder"),
    preorderId: z.number().int(),
  }),
  z.object({
    kind: z.literal("draft"),
    draftId: z.string(),
    warehouseIds: z.array(z.number().int()).describe("Ranked: the booker tries them in this order"),
  }),
]);

/** A booking task as the API shows it; the OpenAPI document describes tasks with this schema. */
export const taskViewSchema = z.object({
  id: z.number().int(),
  cabinetId: z.number().int(),
  supply: supplyView,
  warehouseIds: z.array(z.number().int()),
  boxTypeId: z.number().int(),
  dateFrom: day,
  dateTo: day,
  skipDates: z.array(day),
  maxCoefficient: z.number().int(),
  deadline: z.string().nullable(),
  mode: z.enum(["book", "alert"]),
  flapGuard: z.enum(["first-sight", "confirm"]),
  dryRun: z.boolean().describe("Book up to the final confirmation and stop: nothing is booked"),
  maxCostRub: z.number().int().nullable().describe("A cap on the acceptance cost in rubles; null: none"),
  replan: z.boolean().describe("After booking at a paid coefficient, move the supply to a better day"),
  planned: z
    .object({ warehouseId: z.number().int(), date: day, coefficient: z.number().int() })
    .nullable()
    .describe("Where WB has the supply planned now (booked, watching or moving); null before it is booked"),
  status: z.enum(["active", "booking", "paused", "booked", "watching", "moving", "expired", "failed"]),
  statusReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type TaskView = z.output<typeof taskViewSchema>;

function supplyOf(row: BookingTask): TaskView["supply"] {
  return row.supply_kind === "preorder"
    ? { kind: "preorder", preorderId: Number(row.supply_id) }
    : { kind: "draft", draftId: row.supply_id, warehouseIds: row.warehouse_ids };
}

export function taskView(row: BookingTask): TaskView {
  return {
    id: row.id,
    cabinetId: row.cabinet_id,
    supply: supplyOf(row),
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
