import { migrations } from "@slotpilot/migrations";
import { type MigrationResult, Migrator } from "kysely/migration";
import type { Db } from "./connect.ts";

/** Applies every pending migration. A second run is a no-op. */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed`, { cause: error });
  }
  return results;
}
