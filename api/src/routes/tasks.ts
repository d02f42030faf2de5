import {
  type BookingTask,
  type Db,
  enqueueTaskStateStatus,
  enqueueTaskStatus,
  publishEvent,
  recordTaskEvent,
  taskSnapshot,
  taskTimeline,
} from "@slotpilot/db";
import {
  AppError,
  bookingOnlyOnAlert,
  boxTypeKey,
  checkTaskWindow,
  editedTaskMode,
  isBooked,
  isEditable,
  startsBooking,
  transition,
} from "@slotpilot/domain";
import { boxTypeName, type Locale, translator } from "@slotpilot/locales";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { enforcePolicy } from "../policy.ts";
import { validate } from "../validate.ts";
import { refuseFields, rule } from "../validation/field-errors.ts";
import { calendarDay, freeText, idParam, line, rowId, warehouseId } from "../validation/fields.ts";
import { ownCabinet } from "./cabinets.ts";
import { resolveSupply } from "./task-supply.ts";
import { taskView } from "./task-view.ts";

/** A task's supply, in the shape a task reads it back (`task-view.ts`). */
const supply = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("preorder"),
      preorderId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    })
    .strict(),
  z
    .object({
      kind: z.literal("draft"),
      draftId: line(64),
      warehouseIds: z
        .array(warehouseId)
        .min(1)
        .max(20)
        .refine((ids) => new Set(ids).size === ids.length, rule("distinct")),
    })
    .strict(),
]);
const fields = {
  dateFrom: calendarDay,
  dateTo: calendarDay,
  skipDates: z.array(calendarDay).max(31).default([]),
  maxCoefficient: z.number().int().min(0).max(20),
  deadline: z.iso.datetime({ offset: true }).nullable().default(null),
  mode: z.enum(["book", "alert"]),
  flapGuard: z.enum(["first-sight", "confirm"]).default("first-sight"),
  dryRun: z.boolean().default(false),
  maxCostRub: z.number().int().min(0).max(10_000_000).nullable().default(null),
  /** After booking at a paid coefficient, keep watching and move the supply to a cheaper or earlier day. */
  replan: z.boolean().default(false),
};
const create = z
  .object({ cabinetId: rowId, supply, boxTypeId: z.number().int().min(0).max(99).optional(), ...fields })
  .strict()
  .superRefine((task, ctx) => {
    for (const field of bookingOnlyOnAlert(task.mode, task))
      ctx.addIssue({ code: "custom", path: [field], ...rule("booking_only") });
  });
const update = z
  .object({
    dateFrom: calendarDay.optional(),
    dateTo: calendarDay.optional(),
    skipDates: z.array(calendarDay).max(31).optional(),
    maxCoefficient: fields.maxCoefficient.optional(),
    deadline: z.iso.datetime({ offset: true }).nullable().optional(),
    mode: fields.mode.optional(),
    flapGuard: z.enum(["first-sight", "confirm"]).optional(),
    dryRun: z.boolean().optional(),
    maxCostRub: z.number().int().min(0).max(10_000_000).nullable().optional(),
    replan: z.boolean().optional(),
    status: z.enum(["active", "paused"]).optional(),
    statusReason: freeText(200).nullable().optional(),
  })
  .strict();

/** A task that cannot be changed now, its state said in the reader's words rather than as its code. */
const notEditable = (status: BookingTask["status"], locale: Locale) =>
  new AppError("task.not_editable", { status: translator(locale)(`common.taskStates.${status}`) });

async function ownTask(db: Db, organizationId: number, id: number) {
  const task = await db
    .selectFrom("booking_tasks")
    .where("id", "=", id)
    .where("organization_id", "=", organizationId)
    .selectAll()
    .executeTakeFirst();
  if (!task) throw new AppError("task.not_found");
  return task;
}

/**
 * The seller turns re-plan off on a watching task (booked, looking for a better day): it is simply
 * booked. A move already in flight (`moving`) is not editable: it runs to its outcome first.
 */
async function stopWatching(db: Db, task: BookingTask, locale: Locale): Promise<BookingTask> {
  return db.transaction().execute(async (trx) => {
    const next = transition(taskSnapshot(task), { type: "stop_watching" });
    if (!next.ok) throw notEditable(task.status, locale);
    const updated = await trx
      .updateTable("booking_tasks")
      .set({ replan: false, status: next.state, updated_at: new Date() })
      .where("id", "=", task.id)
      .where("status", "=", "watching")
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw notEditable("moving", locale);
    await recordTaskEvent(trx, {
      taskId: task.id,
      organizationId: task.organization_id,
      kind: "edited",
      details: { fields: ["replan"] },
    });
    await publishEvent(trx, {
      type: "task.updated",
      organizationId: task.organization_id,
      taskId: task.id,
      status: updated.status,
    });
    return updated;
  });
}

const uniqueViolation = (e: unknown) => (e as { code?: string }).code === "23505";

/**
 * Booking tasks: what to book (a preorder, or a draft with ranked warehouses), when (dates,
 * skipped dates, deadline), at what price (maximum coefficient), and whether to book or only alert.
 * Every change is published as a `task.updated` event in the same transaction.
 */
export function taskRoutes(deps: ApiDeps) {
  const now = () => deps.now?.() ?? new Date();
  return new Hono<AppEnv>()
    .get("/tasks", async (c) => {
      const rows = await deps.db
        .selectFrom("booking_tasks")
        .where("organization_id", "=", c.get("organization").id)
        .selectAll()
        .orderBy("created_at", "desc")
        .limit(500)
        .execute();
      return c.json({ tasks: rows.map(taskView) });
    })
    .get("/tasks/:id", validate("param", idParam), async (c) => {
      return c.json({ task: taskView(await ownTask(deps.db, c.get("organization").id, c.req.valid("param").id)) });
    })
    .get("/tasks/:id/events", validate("param", idParam), async (c) => {
      const organizationId = c.get("organization").id;
      const task = await ownTask(deps.db, organizationId, c.req.valid("param").id);
      const entries = await taskTimeline(deps.db, organizationId, task.id);
      return c.json({ events: entries.map((e) => ({ at: e.at.toISOString(), kind: e.kind, details: e.details })) });
    })
    .post("/tasks", validate("json", create), async (c) => {
      const input = c.req.valid("json");
      const organizationId = c.get("organization").id;
      const window = {
        dateFrom: input.dateFrom,
        dateTo: input.dateTo,
        skipDates: input.skipDates,
        deadline: input.deadline,
      };
      // Cheap checks first: a bad date never costs a WB request.
      checkTaskWindow({ ...window, boxTypeId: input.boxTypeId ?? 2 }, now());
      await enforcePolicy(deps, organizationId, { type: "open_task" });
      // A task that books needs a booking left, or the booker would pause it at the first slot.
      if (startsBooking(null, { status: "active", mode: input.mode }))
        await enforcePolicy(deps, organizationId, { type: "book" });
      // Re-plan is a plan's feature (Pro and up).
      if (input.replan) await enforcePolicy(deps, organizationId, { type: "use_feature", feature: "replan" });
      const cabinet = await ownCabinet(deps.db, organizationId, input.cabinetId);
      const resolved = await resolveSupply(deps.db, deps.wb, deps.config.encryptionKey, cabinet, input.supply);
      // A preorder's box type is WB's; a different one asked for is a mistake to point out, not to override.
      if (resolved.boxTypeId !== undefined && input.boxTypeId !== undefined && input.boxTypeId !== resolved.boxTypeId) {
        throw new AppError("task.box_type_mismatch", {
          expected: boxTypeName(translator(c.get("locale")), resolved.boxTypeId, boxTypeKey(resolved.boxTypeId)),
        });
      }
      const boxTypeId = resolved.boxTypeId ?? input.boxTypeId;
      if (boxTypeId === undefined) throw new AppError("task.unknown_box_type", { boxTypeId: "—" });
      checkTaskWindow({ ...window, boxTypeId }, now());
      const row = await deps.db
        .transaction()
        .execute(async (trx) => {
          const task = await trx
            .insertInto("booking_tasks")
            .values({
              organization_id: organizationId,
              cabinet_id: cabinet.id,
              supply_kind: resolved.kind,
              supply_id: resolved.id,
              warehouse_ids: resolved.warehouseIds,
              box_type_id: boxTypeId,
              date_from: input.dateFrom,
              date_to: input.dateTo,
              skip_dates: [...new Set(input.skipDates)].sort(),
              max_coefficient: input.maxCoefficient,
              deadline: input.deadline === null ? null : new Date(input.deadline),
              mode: input.mode,
              flap_guard: input.flapGuard,
              dry_run: input.dryRun,
              max_cost_rub: input.maxCostRub,
              replan: input.replan,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordTaskEvent(trx, {
            taskId: task.id,
            organizationId,
            kind: "created",
            details: { mode: task.mode },
          });
          // A booking task gets its live status message (the booker moves it on: booking, booked, failed).
          if (task.mode === "book")
            await enqueueTaskStatus(trx, { organizationId, taskId: task.id, phase: "searching" });
          await publishEvent(trx, { type: "task.updated", organizationId, taskId: task.id, status: task.status });
          return task;
        })
        .catch((e: unknown) => {
          if (uniqueViolation(e)) throw new AppError("task.supply_taken");
          throw e;
        });
      return c.json({ task: taskView(row) }, 201);
    })
    .patch("/tasks/:id", validate("param", idParam), validate("json", update), async (c) => {
      const organizationId = c.get("organization").id;
      const task = await ownTask(deps.db, organizationId, c.req.valid("param").id);
      const input = c.req.valid("json");
      if (task.status === "watching" && input.replan === false && Object.keys(input).length === 1)
        return c.json({ task: taskView(await stopWatching(deps.db, task, c.get("locale"))) });
      if (!isEditable(task.status)) throw notEditable(task.status, c.get("locale"));
      // An empty patch changes nothing and announces nothing.
      if (Object.values(input).every((v) => v === undefined)) return c.json({ task: taskView(task) });
      const next = {
        dateFrom: input.dateFrom ?? task.date_from,
        dateTo: input.dateTo ?? task.date_to,
        skipDates: input.skipDates ?? task.skip_dates,
        deadline: input.deadline === undefined ? (task.deadline?.toISOString() ?? null) : input.deadline,
      };
      checkTaskWindow({ ...next, boxTypeId: task.box_type_id }, now(), {
        dateFrom: task.date_from,
        dateTo: task.date_to,
        skipDates: task.skip_dates,
      });
      // An alert is given no booking-only option; switching to one drops those the task had.
      const wrong = bookingOnlyOnAlert(input.mode ?? task.mode, input);
      if (wrong.length > 0) refuseFields(wrong, "booking_only", translator(c.get("locale")));
      const mode = editedTaskMode(
        { mode: task.mode, dryRun: task.dry_run, maxCostRub: task.max_cost_rub, replan: task.replan },
        input,
      );
      if (input.replan) await enforcePolicy(deps, organizationId, { type: "use_feature", feature: "replan" });
      const status = input.status ?? task.status;
      // Resuming asks the plan again: a task paused because the trial ended stays paused without one.
      if (status === "active" && task.status === "paused") {
        await enforcePolicy(deps, organizationId, { type: "open_task" }, (p) => ({
          ...p,
          usage: { ...p.usage, openTasks: p.usage.openTasks - 1 },
        }));
      }
      // …and one that books (resumed, or switched to booking) a booking left: a task paused at the
      // plan's limit stays paused rather than hunt only to be paused again at the next slot.
      if (startsBooking(task, { status, mode: mode.mode })) await enforcePolicy(deps, organizationId, { type: "book" });
      const row = await deps.db
        .transaction()
        .execute(async (trx) => {
          const updated = await trx
            .updateTable("booking_tasks")
            .set({
              date_from: next.dateFrom,
              date_to: next.dateTo,
              skip_dates: [...new Set(next.skipDates)].sort(),
              deadline: next.deadline === null ? null : new Date(next.deadline),
              ...(input.maxCoefficient === undefined ? {} : { max_coefficient: input.maxCoefficient }),
              mode: mode.mode,
              ...(input.flapGuard ? { flap_guard: input.flapGuard } : {}),
              dry_run: mode.dryRun,
              max_cost_rub: mode.maxCostRub,
              replan: mode.replan,
              status,
              status_reason: status === "paused" ? (input.statusReason ?? task.status_reason) : null,
              updated_at: new Date(),
            })
            .where("id", "=", task.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          const changed = Object.keys(input).filter((k) => k !== "status" && k !== "statusReason");
          if (updated.status !== task.status) {
            await recordTaskEvent(trx, {
              taskId: task.id,
              organizationId,
              kind: updated.status === "paused" ? "paused" : "resumed",
              details: updated.status_reason ? { reason: updated.status_reason } : {},
            });
          }
          if (changed.length > 0) {
            await recordTaskEvent(trx, {
              taskId: task.id,
              organizationId,
              kind: "edited",
              details: { fields: changed },
            });
          }
          // The live status follows: paused (by the seller, unless they said why), searching again,
          // or searching for the first time when an alert starts booking.
          const startsHunting = updated.mode === "book" && task.mode !== "book" && updated.status === "active";
          if (updated.status !== task.status || startsHunting) {
            await enqueueTaskStateStatus(trx, {
              id: updated.id,
              organizationId,
              mode: updated.mode,
              status: updated.status,
              reason: updated.status === "paused" ? (updated.status_reason ?? "by_seller") : updated.status_reason,
              changedAt: updated.updated_at,
              // An alert starting to book has no status message yet: this is its first.
              startsMessage: startsHunting,
            });
          }
          await publishEvent(trx, { type: "task.updated", organizationId, taskId: task.id, status: updated.status });
          return updated;
        })
        .catch((e: unknown) => {
          if (uniqueViolation(e)) throw new AppError("task.supply_taken");
          throw e;
        });
      return c.json({ task: taskView(row) });
    })
    .delete("/tasks/:id", validate("param", idParam), async (c) => {
      const organizationId = c.get("organization").id;
      const task = await ownTask(deps.db, organizationId, c.req.valid("param").id);
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("booking_tasks").where("id", "=", task.id).execute();
        // The live status says so, where there is one; a booked one keeps saying "booked": the
        // supply stays planned at WB.
        if (task.mode === "book" && !isBooked(task.status))
          await enqueueTaskStatus(trx, {
            organizationId,
            taskId: task.id,
            phase: "deleted",
            details: { editOnly: true },
          });
        await publishEvent(trx, { type: "task.updated", organizationId, taskId: task.id, status: "deleted" });
      });
      return c.body(null, 204);
    });
}
