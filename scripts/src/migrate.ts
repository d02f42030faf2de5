import { loadApiConfig } from "@slotpilot/config";
import { migrateToLatest, openDatabase } from "@slotpilot/db";
import { runMain } from "./stack.ts";

/** `pnpm db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
runMain(async () => {
  const config = loadApiConfig(process.env);
  const database = await openDatabase(config.db);
  try {
    const results = await migrateToLatest(database.db);
    if (results.length === 0) console.log("Database is up to date.");
    for (const r of results) console.log(`${r.status === "Success" ? "applied" : r.status}: ${r.migrationName}`);
  } finally {
    await database.close();
  }
});
