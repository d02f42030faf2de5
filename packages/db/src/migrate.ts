import { migrations } from "@slotpilot/migrations";
import { type MigrationResult, Migrator } from "kysely/migration";
import type { Db } from "./connect.ts";

/** Applies every pending migration. A second run is a no-op. */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Migrations are numbered when their work is assigned and merged when it is done: a database
    // may already hold a later number when an earlier one lands (0006 before 0005). Apply it then.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed`, { cause: error });
  }
  return results;
}
