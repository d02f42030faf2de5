import type { Transaction } from "kysely";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";

/** A query runs on the pool or inside a caller's transaction. */
export type Executor = Db | Transaction<Database>;
