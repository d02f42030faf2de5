import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const DATE_ARRAY = 1182;

export const TYPES = {
  getTypeParser: (oid: number, format?: "text" | "binary") => {
    if (oid === INT8 || oid === NUMERIC) return Number;
    // A calendar day stays the string it is; turning it into a Date would shift it by time zone.
    if (oid === DATE) return (value: string) => value;
    if (oid === DATE_ARRAY) return (value: string) => (value === "{}" ? [] : value.slice(1, -1).split(","));
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * How long anything may wait on the database. A request that touches it answers within these
 * bounds even while the server hangs (paused, overloaded, a lock held forever): the server cancels
 * a statement after `statementTimeoutMs`; the client gives up on a silent server a little later;
 * waiting for a connection (a new one, or a free one from a full pool) is bounded too.
 */
export interface DbTimeouts {
  connectMs: number;
  statementTimeoutMs: number;
  queryTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: DbTimeouts = { connectMs: 5_000, statementTimeoutMs: 10_000, queryTimeoutMs: 12_000 };

/** The options every pool and dedicated client of ours uses. */
export function clientOptions(url: string, timeouts: DbTimeouts = DEFAULT_TIMEOUTS): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.queryTimeoutMs,
    // A transaction left open by a process that froze must not hold its locks forever.
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
    types: TYPES,
  };
}

/**
 * A Kysely instance on its own pool. `bigint` ids come back as numbers (Telegram ids and our
 * identity columns stay far below 2^53); `date` columns as `YYYY-MM-DD` strings.
 *
 * Every connection, idle or checked out, has an error path: a backend terminated by the server, a
 * restart or a failover fails the statement in flight (the caller sees the error) and the broken
 * connection is dropped from the pool when it comes back, instead of an unhandled `'error'` event
 * ending the process. The next query opens a fresh connection, so the pool recovers by itself.
 */
export function connect(url: string, options: { max?: number; timeouts?: DbTimeouts } = {}): Db {
  const pool = new pg.Pool({ ...clientOptions(url, options.timeouts), max: options.max ?? 10 });
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** SQLSTATE classes and node errors that mean "the database is not reachable right now". */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300", "57014", "08000", "08003", "08006", "08001"]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Client has encountered a connection error|Connection ended|the database system is (starting up|shutting down)/i;

/** True for a failure that says the database is away (down, restarting, hung), not that a query is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_STATES.has(code) || /^(ECONN|EPIPE|ETIMEDOUT)/.test(code)))
      return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}
