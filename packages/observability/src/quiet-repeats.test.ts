import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { quietRepeats } from "./quiet-repeats.ts";

function setup() {
  const lines: Record<string, unknown>[] = [];
  let clock = 0;
  const log = quietRepeats(
    createLogger({ level: "debug", write: (line) => lines.push(JSON.parse(line)) }),
    60_000,
    () => clock,
  );
  return { lines, log, advance: (ms: number) => (clock += ms) };
}

const queueError = (queue: string, worker: string) =>
  new Error(`timeout exceeded when trying to connect (Queue: ${queue}, Worker: ${worker})`);

describe("quietRepeats", () => {
  it("writes an outage's repeated error once a minute, with the full error and how many were held back", () => {
    const { lines, log, advance } = setup();
    // Every queue worker of every queue fails every 5 s while the database is away.
    for (let tick = 0; tick < 24; tick++) {
      for (const queue of ["tasks.expire.v1", "billing.clock.v1", "user.registered.v1"])
        log.warn("queue error", {
          err: queueError(queue, `57e38b00-${String(tick).padStart(4, "0")}-4a1b-9c2d-1234567890ab`),
        });
      advance(5_000);
    }
    expect(lines.map((l) => [l.msg, l.repeated])).toEqual([
      ["queue error", undefined],
      ["queue error", 35],
    ]);
    const err = lines[0]?.err as { message: string; stack: string };
    expect(err.message).toContain("timeout exceeded when trying to connect");
    expect(err.stack).toContain("Error:");
  });

  it("keeps different failures, levels and messages apart, and lets debug and info lines through", () => {
    const { lines, log } = setup();
    log.warn("booker: pass failed", { err: new Error("connection refused") });
    log.warn("booker: pass failed", { err: new Error('relation "bookings" does not exist') });
    log.error("booker: pass failed", { err: new Error("connection refused") });
    log.warn("notifier: outbox unavailable", { err: new Error("connection refused") });
    log.warn("booker: pass failed", { err: new Error("connection refused") });
    log.info("booked", { id: 1 });
    log.info("booked", { id: 1 });
    log.debug("tick");
    expect(lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      "warn booker: pass failed",
      "warn booker: pass failed",
      "error booker: pass failed",
      "warn notifier: outbox unavailable",
      "info booked",
      "info booked",
      "debug tick",
    ]);
  });

  it("writes the failure again as soon as a minute has passed since it was last written", () => {
    const { lines, log, advance } = setup();
    log.warn("monitor: pass failed", { err: new Error("boom") });
    advance(59_999);
    log.warn("monitor: pass failed", { err: new Error("boom") });
    advance(1);
    log.warn("monitor: pass failed", { err: new Error("boom") });
    advance(120_000);
    log.warn("monitor: pass failed", { err: new Error("boom") });
    expect(lines.map((l) => l.repeated)).toEqual([undefined, 1, undefined]);
  });
});
