import { migrations } from "@slotpilot/migrations";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { describe, expect, inject, it } from "vitest";
import { migrateToLatest } from "./migrate.ts";
import { createTestDatabase } from "./testing.ts";
import { upsertTelegramUser } from "./users.ts";

describe("migrations", () => {
  it("take an empty database to the latest schema, and a second run changes nothing", async () => {
    const test = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    try {
      const first = await migrateToLatest(test.db);
      expect(first.map((r) => [r.migrationName, r.status])).toEqual(
        Object.keys(migrations).map((name) => [name, "Success"]),
      );
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(test.db);
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(["audit_log", "memberships", "organizations", "telegram_updates", "users"]),
      );

      await upsertTelegramUser(test.db, { telegramId: 1, firstName: "Kept" }, { isAdmin: false });
      expect(await migrateToLatest(test.db)).toEqual([]);
      const kept = await test.db.selectFrom("users").select("first_name").execute();
      expect(kept).toEqual([{ first_name: "Kept" }]);
    } finally {
      await test.drop();
    }
  });

  it("bring a database that has the earlier migrations up to date, keeping its data", async () => {
    const test = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    try {
      const [first, ...rest] = Object.keys(migrations);
      const earlier = new Migrator({ db: test.db, provider: { getMigrations: async () => migrations } });
      await earlier.migrateTo(first ?? "");
      // Written as the first schema knew it: today's code expects today's tables.
      await test.db
        .insertInto("users")
        .values({
          telegram_id: 2,
          first_name: "Early",
          last_name: null,
          username: null,
          language_code: null,
          locale: null,
        })
        .execute();
      await test.db.insertInto("organizations").values({ name: "Early" }).execute();

      const applied = await migrateToLatest(test.db);
      expect(applied.map((r) => r.migrationName)).toEqual(rest);
      expect(await test.db.selectFrom("users").select("first_name").execute()).toEqual([{ first_name: "Early" }]);
      // The organization that existed before billing got its trial.
      expect(await test.db.selectFrom("plan_states").select("plan").execute()).toEqual([{ plan: "trial" }]);
    } finally {
      await test.drop();
    }
  });

  it("apply a migration that landed after a later-numbered one was already applied", async () => {
    const test = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    try {
      // One that no later migration builds on (it only adds a column to urgent_calls), as a
      // migration merged from a long-lived branch would be.
      const skipped = "0011_urgent_ring_only";
      expect(Object.keys(migrations).slice(-1)[0]).not.toBe(skipped);
      const without = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== skipped));
      const earlier = new Migrator({ db: test.db, provider: { getMigrations: async () => without } });
      expect((await earlier.migrateToLatest()).error).toBeUndefined();

      const applied = await migrateToLatest(test.db);
      expect(applied.map((r) => [r.migrationName, r.status])).toEqual([[skipped, "Success"]]);
      expect(await migrateToLatest(test.db)).toEqual([]);
    } finally {
      await test.drop();
    }
  });
});
