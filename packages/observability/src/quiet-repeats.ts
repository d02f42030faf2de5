import type { LogFields, Logger } from "./logger.ts";

/**
 * A logger that writes a warning or an error once and then holds back the same one — the same
 * message and error text, ids and counts aside — for `windowMs`, counting it; when it is written
 * again, its `repeated` field says how many were held back meanwhile. A database outage makes every
 * polling loop and queue worker fail with the same error every few seconds: this keeps each of
 * them to a line a minute, with the full error (stack included) in that line. Debug and info lines
 * pass as they are.
 */
export function quietRepeats(log: Logger, windowMs = 60_000, now: () => number = Date.now): Logger {
  const held = new Map<string, { until: number; repeated: number }>();
  const write = (level: "warn" | "error") => (msg: string, fields?: LogFields) => {
    const key = `${level}|${msg}|${sameness(fields?.err)}`;
    const at = now();
    const last = held.get(key);
    if (last && at < last.until) {
      last.repeated += 1;
      return;
    }
    held.delete(key);
    held.set(key, { until: at + windowMs, repeated: 0 });
    // Bounded: the oldest kinds go first (a Map keeps insertion order).
    if (held.size > MAX_KINDS) held.delete(held.keys().next().value as string);
    log[level](msg, last?.repeated ? { ...fields, repeated: last.repeated } : fields);
  };
  return {
    debug: (msg, fields) => log.debug(msg, fields),
    info: (msg, fields) => log.info(msg, fields),
    warn: write("warn"),
    error: write("error"),
    child: (fields) => quietRepeats(log.child(fields), windowMs, now),
  };
}

const MAX_KINDS = 200;

/** What makes two errors the same for this purpose: their text without ids, numbers or pg-boss's queue and worker. */
function sameness(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err ?? "");
  return message
    .replace(/\(Queue: [^)]*\)/g, "")
    .replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi, "#")
    .replace(/\d+/g, "#");
}
