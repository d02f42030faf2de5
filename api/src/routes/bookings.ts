import type { Db } from "@slotpilot/db";
import { AppError, ERROR_KINDS, type ErrorCode } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { Hono } from "hono";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { idParam } from "../validation/fields.ts";

/** A booking as the seller sees it: what was tried, how it ended and why, and its screenshot if any. */
export interface BookingView {
  id: number;
  status: string;
  /** A stable `booking.*` code, and its message in the caller's language. */
  reason: string | null;
  reasonMessage: string | null;
  warehouseId: number;
  date: string;
  coefficient: number;
  acceptanceCost: number | null;
  strategy: string | null;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
  /** Where the picture of the portal page at the failure is (this API), or null. */
  screenshotUrl: string | null;
}

async function screenshotOf(db: Db, id: number, organizationId: number | null): Promise<Buffer> {
  let query = db.selectFrom("bookings").where("id", "=", id).select(["screenshot"]);
  if (organizationId !== null) query = query.where("organization_id", "=", organizationId);
  const row = await query.executeTakeFirst();
  if (!row?.screenshot) throw new AppError("booking.not_found");
  return row.screenshot;
}

const png = (bytes: Buffer) =>
  new Response(new Uint8Array(bytes), {
    headers: { "content-type": "image/png", "cache-control": "private, max-age=300" },
  });

/**
 * A task's bookings (`GET /tasks/:id/bookings`), and the screenshot of a failed one — for the
 * seller (`GET /bookings/:id/screenshot`, their organization's only) and for admins
 * (`GET /admin/bookings/:id/screenshot`, any). A screenshot shows the portal page as drawn: never
 * a cookie, header token or phone.
 */
export function bookingRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .get("/tasks/:id/bookings", validate("param", idParam), async (c) => {
      const organizationId = c.get("organization").id;
      const taskId = c.req.valid("param").id;
      const task = await deps.db
        .selectFrom("booking_tasks")
        .where("id", "=", taskId)
        .where("organization_id", "=", organizationId)
        .select("id")
        .executeTakeFirst();
      if (!task) throw new AppError("task.not_found");
      const rows = await deps.db
        .selectFrom("bookings")
        .where("task_id", "=", taskId)
        .select([
          "id",
          "status",
          "reason",
          "warehouse_id",
          "date",
          "coefficient",
          "acceptance_cost",
          "strategy",
          "attempts",
          "created_at",
          "finished_at",
        ])
        .select((eb) => eb("screenshot", "is not", null).as("has_screenshot"))
        .orderBy("id", "desc")
        .limit(100)
        .execute();
      const t = translator(c.get("locale"));
      const bookings: BookingView[] = rows.map((r) => ({
        id: r.id,
        status: r.status,
        reason: r.reason,
        reasonMessage: r.reason && r.reason in ERROR_KINDS ? t(`errors.${r.reason as ErrorCode}`) : null,
        warehouseId: r.warehouse_id,
        date: r.date,
        coefficient: r.coefficient,
        acceptanceCost: r.acceptance_cost === null ? null : Number(r.acceptance_cost),
        strategy: r.strategy,
        attempts: r.attempts,
        createdAt: r.created_at.toISOString(),
        finishedAt: r.finished_at?.toISOString() ?? null,
        screenshotUrl: r.has_screenshot ? `/api/bookings/${r.id}/screenshot` : null,
      }));
      return c.json({ bookings });
    })
    .get("/bookings/:id/screenshot", validate("param", idParam), async (c) =>
      png(await screenshotOf(deps.db, c.req.valid("param").id, c.get("organization").id)),
    )
    .get("/admin/bookings/:id/screenshot", validate("param", idParam), async (c) => {
      if (c.get("user").role !== "admin") throw new AppError("auth.forbidden");
      return png(await screenshotOf(deps.db, c.req.valid("param").id, null));
    });
}
