import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"));
});
afterAll(() => api.close());

describe("health endpoints", () => {
  it("/healthz answers while the process is up", async () => {
    expect(await json(await api.app.request("/healthz"))).toEqual({ status: "ok" });
  });

  it("/readyz reports the database and the queue", async () => {
    const res = await api.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ready", checks: { database: "ok", queue: "ok" } });
  });

  it("/metrics speaks Prometheus text, counting requests by route", async () => {
    await api.app.request("/healthz");
    const text = await (await api.app.request("/metrics")).text();
    expect(text).toContain("# TYPE http_requests_total counter");
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/slotpilot_jobs_queued\{queue="user.registered.v1"\} 0/);
  });
});
