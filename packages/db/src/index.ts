export { connect, type Db } from "./connect.ts";
export { type EmbeddedDatabase, startEmbeddedPostgres } from "./embedded.ts";
export { migrateToLatest } from "./migrate.ts";
export { type OpenDatabase, openDatabase } from "./open-database.ts";
export type * from "./schema.ts";
export { seal, unseal } from "./secret-box.ts";
export { claimTelegramUpdate, releaseTelegramUpdate } from "./telegram-updates.ts";
export * from "./users.ts";
