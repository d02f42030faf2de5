import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";

export type Db = Kysely<Database>;

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const DATE_ARRAY = 1182;

/**
 * A Kysely instance on its own pool. `bigint` ids come back as numbers (Telegram ids and our
 * identity columns stay far below 2^53); `date` columns as `YYYY-MM-DD` strings.
 */
export function connect(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: {
      getTypeParser: (oid: number, format?: "text" | "binary") => {
        if (oid === INT8 || oid === NUMERIC) return Number;
        // A calendar day stays the string it is; turning it into a Date would shift it by time zone.
        if (oid === DATE) return (value: string) => value;
        if (oid === DATE_ARRAY) return (value: string) => (value === "{}" ? [] : value.slice(1, -1).split(","));
        return pg.types.getTypeParser(oid, format);
      },
    } as pg.CustomTypesConfig,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
