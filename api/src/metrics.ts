import type { JobQueue } from "@slotpilot/jobs";
import { type Metrics, registerProcessMetrics } from "@slotpilot/observability";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";

/** Registers the API's series and returns the middleware that counts requests. */
export function httpMetrics(metrics: Metrics, queue: JobQueue) {
  registerProcessMetrics(metrics);
  metrics.gauge("slotpilot_jobs_queued", "Jobs waiting in each queue.", async () =>
    (await queue.stats().catch(() => [])).map((s) => ({ labels: { queue: s.queue }, value: s.queued })),
  );
  metrics.gauge("slotpilot_jobs_dead_lettered", "Jobs parked in each dead-letter queue.", async () =>
    (await queue.stats().catch(() => [])).map((s) => ({ labels: { queue: s.queue }, value: s.deadLettered })),
  );
  const requests = metrics.counter("http_requests_total", "HTTP requests by route and status.");
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    requests({ method: c.req.method, route: c.req.routePath, status: c.res.status });
  });
}
