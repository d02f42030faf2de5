import { Hono } from "hono";
import { sql } from "kysely";
import type { ApiDeps, AppEnv } from "../context.ts";

type Check = "ok" | "down";

/** `/healthz`: the process answers. `/readyz`: the database and the queue answer too. `/metrics`: Prometheus. */
export function healthRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .get("/healthz", (c) => c.json({ status: "ok" as const }))
    .get("/readyz", async (c) => {
      const [database, queue] = await Promise.all([
        probe(() => sql`select 1`.execute(deps.db)),
        probe(async () => {
          if (!(await deps.queue.ping())) throw new Error("queue schema missing");
        }),
      ]);
      const ready = database === "ok" && queue === "ok";
      return c.json(
        { status: ready ? ("ready" as const) : ("unavailable" as const), checks: { database, queue } },
        ready ? 200 : 503,
      );
    })
    .get("/metrics", async (c) =>
      c.text(await deps.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4" }),
    );
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref()),
    ]);
    return "ok";
  } catch {
    return "down";
  }
}
