import { sql } from "kysely";
import type { Db } from "./connect.ts";
import { signalPortal } from "./portal-signals.ts";

/** What became of a call: the worker's result, a failure with an `errors.portal.*` code, or no answer in time. */
export type PortalCallOutcome =
  | { status: "done"; result: unknown }
  | { status: "failed"; errorCode: string }
  | { status: "timeout" };

/** Asks the worker holding `cabinetId`'s session to run `method`; the worker is signalled at once. */
export async function createPortalCall(
  db: Db,
  input: { cabinetId: number; method: string; params: unknown; timeoutMs: number },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("portal_calls")
      .values({
        cabinet_id: input.cabinetId,
        method: input.method,
        params: JSON.stringify(input.params ?? {}),
        deadline: sql<Date>`now() + ${input.timeoutMs} * interval '1 millisecond'`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await signalPortal(trx, input.cabinetId);
    return row.id;
  });
}

/**
 * Waits for a call's answer, polling its row (calls are rare and short). The row is deleted
 * once read, or when the wait is given up, so an abandoned call is never run late.
 */
export async function awaitPortalCall(
  db: Db,
  id: number,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<PortalCallOutcome> {
  const end = Date.now() + options.timeoutMs;
  let pause = 25;
  for (;;) {
    const row = await db
      .deleteFrom("portal_calls")
      .where("id", "=", id)
      .where("status", "in", ["done", "failed"])
      .returning(["status", "result", "error_code"])
      .executeTakeFirst();
    if (row) {
      return row.status === "done"
        ? { status: "done", result: row.result }
        : { status: "failed", errorCode: row.error_code ?? "portal.unavailable" };
    }
    if (Date.now() >= end || options.signal?.aborted) {
      const gone = await db
        .deleteFrom("portal_calls")
        .where("id", "=", id)
        .returning(["status", "result", "error_code"])
        .executeTakeFirst();
      // Answered in the last instant: still an answer.
      if (gone?.status === "done") return { status: "done", result: gone.result };
      if (gone?.status === "failed") return { status: "failed", errorCode: gone.error_code ?? "portal.unavailable" };
      return { status: "timeout" };
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, end - Date.now()))));
    pause = Math.min(250, pause * 2);
  }
}

/** Claims pending calls for cabinets this worker holds, oldest first; a claimed call is `running`. */
export async function claimPortalCalls(
  db: Db,
  input: { workerId: string; cabinetIds: readonly number[]; limit: number },
) {
  if (input.cabinetIds.length === 0) return [];
  const { rows } = await sql<{ id: number; cabinet_id: number; method: string; params: unknown }>`
    update portal_calls set status = 'running', worker_id = ${input.workerId}
     where id in (
       select id from portal_calls
        where status = 'pending' and deadline > now() and cabinet_id = any(${sql.val([...input.cabinetIds])}::bigint[])
        order by id
        limit ${input.limit}
          for update skip locked)
    returning id, cabinet_id, method, params`.execute(db);
  return rows.map((r) => ({ id: r.id, cabinetId: r.cabinet_id, method: r.method, params: r.params }));
}

export async function finishPortalCall(
  db: Db,
  id: number,
  outcome: { result: unknown } | { errorCode: string },
): Promise<void> {
  await db
    .updateTable("portal_calls")
    .set(
      "result" in outcome
        ? { status: "done", result: JSON.stringify(outcome.result ?? null), done_at: new Date() }
        : { status: "failed", error_code: outcome.errorCode, done_at: new Date() },
    )
    .where("id", "=", id)
    .execute();
}

/** Calls nobody is waiting for any more (their deadline passed an hour ago): housekeeping. */
export async function prunePortalCalls(db: Db): Promise<number> {
  const rows = await db
    .deleteFrom("portal_calls")
    .where("deadline", "<", sql<Date>`now() - interval '1 hour'`)
    .returning("id")
    .execute();
  return rows.length;
}
