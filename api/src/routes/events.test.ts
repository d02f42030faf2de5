import { type AppEvent, publishEvent } from "@slotpilot/db";
import { signInitData } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { Hono } from "hono";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppEnv } from "../context.ts";
import { errorHandler } from "../errors.ts";
import { createEventHub } from "../event-hub.ts";
import { createTestApi, json, LIVE_BOT_TOKEN } from "../testing.ts";
import { eventsRoutes } from "./events.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { checkErrorDocs: true, mode: "live" });
});
afterAll(() => api.close());

interface SseMessage {
  event: string | undefined;
  data: string;
  comment: boolean;
}

/** Reads an SSE response as it arrives; `waitFor` gives up after a bounded time. */
function sseReader(res: Response) {
  const body = res.body;
  if (!body) throw new Error("no body");
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = "";
  let done = false;
  const pump = (async () => {
    while (true) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split("\n");
        messages.push({
          event: lines.find((l) => l.startsWith("event: "))?.slice(7),
          data: lines
            .filter((l) => l.startsWith("data: "))
            .map((l) => l.slice(6))
            .join("\n"),
          comment: lines.every((l) => l.startsWith(":")),
        });
        end = buffer.indexOf("\n\n");
      }
    }
    done = true;
  })();
  return {
    messages,
    events: () => messages.filter((m) => m.event && m.event !== "ready").map((m) => JSON.parse(m.data) as AppEvent),
    waitFor: async (check: (messages: SseMessage[]) => boolean, ms = 5000) => {
      const end = Date.now() + ms;
      while (!check(messages) && !done && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      return check(messages);
    },
    ended: () => done,
    close: async () => {
      await reader.cancel();
      await pump;
    },
  };
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return check();
}

function streamAs(user: { id: number; first_name: string }) {
  const authorization = `tma ${signInitData({ user }, LIVE_BOT_TOKEN)}`;
  return api.app.request("/api/events", { headers: { authorization } });
}

async function organizationOf(telegramId: number) {
  const row = await api.db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .where("users.telegram_id", "=", telegramId)
    .select("memberships.organization_id")
    .executeTakeFirstOrThrow();
  return row.organization_id;
}

/** The route alone, behind a stand-in for the auth middleware (organization 1), with a hub of its own. */
function routeAlone(options: { heartbeatMs?: number } = {}) {
  const url = api.deps.config.db.url;
  if (!url) throw new Error("createTestApi sets DATABASE_URL");
  const hub = createEventHub(url, silentLogger);
  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set("organization", { id: 1, name: "Org", created_at: new Date() });
      await next();
    })
    .route("/", eventsRoutes({ ...api.deps, events: hub }, options));
  return { hub, app };
}

describe("GET /api/events", () => {
  it("streams slot changes to everyone and task events only to their own organization", async () => {
    const resA = await streamAs({ id: 8101, first_name: "Anna" });
    const resB = await streamAs({ id: 8102, first_name: "Boris" });
    expect(resA.status).toBe(200);
    expect(resA.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const a = sseReader(resA);
    const b = sseReader(resB);
    try {
      expect(await a.waitFor((m) => m.some((x) => x.event === "ready"))).toBe(true);
      expect(await b.waitFor((m) => m.some((x) => x.event === "ready"))).toBe(true);
      const orgA = await organizationOf(8101);
      const orgB = await organizationOf(8102);

      const forA: AppEvent[] = [
        { type: "task.updated", organizationId: orgA, taskId: 1, status: "booked" },
        {
          type: "task.decision",
          organizationId: orgA,
          taskId: 1,
          action: "book",
          warehouseId: 507,
          date: "2026-11-25",
          boxTypeId: 2,
          coefficient: 0,
        },
      ];
      const forB: AppEvent = { type: "task.updated", organizationId: orgB, taskId: 2, status: "paused" };
      const sessionOfA: AppEvent = {
        type: "portal.session",
        organizationId: orgA,
        cabinetId: 7,
        state: "WAITING_AUTH",
        waitingFor: "code",
        error: null,
      };
      forA.push(sessionOfA);
      const slots: AppEvent = {
        type: "slots.changed",
        changes: [
          { warehouseId: 507, date: "2026-11-25", boxTypeId: 2, coefficient: 0, allowUnload: true, kind: "opened" },
        ],
      };
      for (const event of [...forA, forB, slots]) await publishEvent(api.db, event);

      // Events arrive in publishing order: once the slot change is in, everything before it is too.
      const gotSlots = (m: SseMessage[]) => m.some((x) => x.event === "slots.changed");
      expect(await a.waitFor(gotSlots)).toBe(true);
      expect(await b.waitFor(gotSlots)).toBe(true);
      expect(a.events()).toEqual([...forA, slots]);
      expect(b.events()).toEqual([forB, slots]);
      expect(a.messages.find((m) => m.event === "task.decision")?.data).toBe(JSON.stringify(forA[1]));
    } finally {
      await a.close();
      await b.close();
    }
    // A client that went away is forgotten.
    expect(await until(() => api.deps.events?.subscriberCount() === 0)).toBe(true);
  });

  it("forgets a client that hangs up over real HTTP", async () => {
    const base = await api.listen();
    const authorization = `tma ${signInitData({ user: { id: 8103, first_name: "Vera" } }, LIVE_BOT_TOKEN)}`;
    const hangUp = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: { authorization }, signal: hangUp.signal });
    const stream = sseReader(res);
    expect(await stream.waitFor((m) => m.some((x) => x.event === "ready"))).toBe(true);
    expect(api.deps.events?.subscriberCount()).toBe(1);
    hangUp.abort();
    await stream.close().catch(() => {});
    expect(await until(() => api.deps.events?.subscriberCount() === 0)).toBe(true);
  });

  it("needs a Telegram sign-in", async () => {
    const res = await api.app.request("/api/events");
    expect(res.status).toBe(401);
  });

  it("keeps an idle stream alive with comment lines, and ends it when the hub shuts down", async () => {
    const { hub, app } = routeAlone({ heartbeatMs: 20 });
    const stream = sseReader(await app.request("/events"));
    try {
      expect(await stream.waitFor((m) => m.some((x) => x.comment))).toBe(true);
      expect(stream.messages[0]?.event).toBe("ready");
      await hub.close();
      expect(await until(() => stream.ended())).toBe(true);
    } finally {
      await stream.close();
      await hub.close();
    }
  });

  it("tells a stream to reload (resync) once the hub listens again after losing the database, and streams on", async () => {
    const { hub, app } = routeAlone();
    const stream = sseReader(await app.request("/events"));
    try {
      expect(await stream.waitFor((m) => m.some((x) => x.event === "ready"))).toBe(true);
      // The database drops the hub's connection (and every other listener's here).
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query like 'listen %'`.execute(api.db);
      expect(await stream.waitFor((m) => m.some((x) => x.event === "resync"), 10_000)).toBe(true);
      const after: AppEvent = { type: "task.updated", organizationId: 1, taskId: 3, status: "active" };
      await publishEvent(api.db, after);
      expect(await stream.waitFor((m) => m.some((x) => x.event === "task.updated"))).toBe(true);
      // The resync (no data) first, then what was published after it.
      expect(stream.messages.filter((m) => m.event && m.event !== "ready").map((m) => m.event)).toEqual([
        "resync",
        "task.updated",
      ]);
      expect(stream.events().at(-1)).toEqual(after);
      expect(stream.ended()).toBe(false);
    } finally {
      await stream.close();
      await hub.close();
    }
  });

  it("answers 503, localized, when live events are not available", async () => {
    const { events: _, ...withoutHub } = api.deps;
    const app = new Hono<AppEnv>();
    app.onError(errorHandler(silentLogger));
    app.use(async (c, next) => {
      c.set("locale", "en");
      c.set("organization", { id: 1, name: "Org", created_at: new Date() });
      await next();
    });
    app.route("/", eventsRoutes(withoutHub));
    const res = await app.request("/events");
    expect(res.status).toBe(503);
    expect((await json(res)).error.code).toBe("events.unavailable");
  });
});
