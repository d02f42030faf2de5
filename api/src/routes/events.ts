import type { AppEvent } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ApiDeps, AppEnv } from "../context.ts";

const HEARTBEAT_MS = 15_000;
/** Events held for a client that reads slower than they come; past this it is told to reload instead. */
const MAX_BACKLOG = 1000;

/** Calendar changes are public; task events belong to one organization and go to it alone. */
export function visibleTo(event: AppEvent, organizationId: number): boolean {
  return event.type === "slots.changed" || event.organizationId === organizationId;
}

/**
 * `GET /api/events` — Server-Sent Events for the caller: every `slots.changed`, and `task.updated`
 * / `task.decision` of their own organization. The first event is `ready` (the stream is live from
 * then on: load state, then apply events). `resync` means events were dropped for a slow reader and
 * the client should reload its state. A comment line every ~15 s keeps proxies from closing an idle
 * stream. Browsers' EventSource cannot send an Authorization header: read it with fetch.
 */
export function eventsRoutes(deps: ApiDeps, options: { heartbeatMs?: number } = {}) {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  return new Hono<AppEnv>().get("/events", async (c) => {
    const hub = deps.events;
    if (!hub) throw new AppError("events.unavailable");
    const organizationId = c.get("organization").id;

    const backlog: AppEvent[] = [];
    let dropped = false;
    let ended = false;
    let nudge: (() => void) | undefined;
    const wake = () => nudge?.();

    // Subscribed before the response starts, so a database that is down is a clean 503, not a stream that never speaks.
    let unsubscribe: () => void;
    try {
      unsubscribe = await hub.subscribe(
        (event) => {
          if (!visibleTo(event, organizationId)) return;
          if (backlog.length >= MAX_BACKLOG) {
            backlog.length = 0;
            dropped = true;
          }
          backlog.push(event);
          wake();
        },
        () => {
          ended = true;
          wake();
        },
        // The hub lost the database for a while: what was published meanwhile is gone; the client reloads.
        () => {
          dropped = true;
          wake();
        },
      );
    } catch (err) {
      deps.log.warn("event stream unavailable", { err });
      throw new AppError("events.unavailable");
    }

    return streamSSE(c, async (stream) => {
      stream.onAbort(() => {
        ended = true;
        wake();
      });
      try {
        await stream.writeSSE({ event: "ready", data: "{}" });
        while (!ended && !stream.aborted) {
          if (backlog.length === 0 && !dropped) {
            const idle = await nextWake(heartbeatMs, (fn) => {
              nudge = fn;
            });
            if (idle && !ended) await stream.write(": ping\n\n");
            continue;
          }
          if (dropped) {
            dropped = false;
            await stream.writeSSE({ event: "resync", data: "{}" });
          }
          const event = backlog.shift();
          if (event) await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
        }
      } finally {
        unsubscribe();
      }
    });
  });
}

/** Resolves true after `ms` of quiet, or false as soon as the registered wake function is called. */
function nextWake(ms: number, register: (wake: () => void) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    register(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
