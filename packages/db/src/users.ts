import { sql, type Transaction } from "kysely";
import { recordAudit } from "./audit.ts";
import { startTrial } from "./billing/plan-state.ts";
import type { Db } from "./connect.ts";
import type { Database, Locale, Organization, User } from "./schema.ts";

export interface TelegramProfile {
  telegramId: number;
  firstName: string;
  lastName?: string | undefined;
  username?: string | undefined;
  languageCode?: string | undefined;
}

export interface UpsertedUser {
  user: User;
  organization: Organization;
  /** True the first time this Telegram user is seen. */
  created: boolean;
}

type Executor = Db | Transaction<Database>;

/**
 * Creates the user on first sight (with an organization of their own) or refreshes their profile.
 * `onCreated` runs inside the same transaction, so work enqueued there commits with the user.
 */
export async function upsertTelegramUser(
  db: Db,
  profile: TelegramProfile,
  options: { isAdmin: boolean; onCreated?: (trx: Transaction<Database>, user: User) => Promise<void> },
): Promise<UpsertedUser> {
  return db.transaction().execute(async (trx) => {
    const role = options.isAdmin ? "admin" : "seller";
    const user = await trx
      .insertInto("users")
      .values({
        telegram_id: profile.telegramId,
        first_name: profile.firstName,
        last_name: profile.lastName ?? null,
        username: profile.username ?? null,
        language_code: profile.languageCode ?? null,
        locale: null,
        role,
      })
      .onConflict((oc) =>
        oc.column("telegram_id").doUpdateSet({
          first_name: profile.firstName,
          last_name: profile.lastName ?? null,
          username: profile.username ?? null,
          language_code: profile.languageCode ?? null,
          role,
          updated_at: sql<Date>`now()`,
        }),
      )
      .returningAll()
      // xmax = 0 only on a freshly inserted row
      .returning(sql<boolean>`(xmax = 0)`.as("inserted"))
      .executeTakeFirstOrThrow();
    const { inserted, ...row } = user;
    if (!inserted) {
      return { user: row, organization: await organizationOf(trx, row.id), created: false };
    }
    const organization = await trx
      .insertInto("organizations")
      .values({ name: displayName(profile) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("memberships")
      .values({ organization_id: organization.id, user_id: row.id, role: "owner" })
      .execute();
    await recordAudit(trx, { action: "user.created", actorUserId: row.id, organizationId: organization.id });
    // Every new organization starts on the trial, once.
    await startTrial(trx, organization.id);
    await options.onCreated?.(trx, row);
    return { user: row, organization, created: true };
  });
}

export async function organizationOf(db: Executor, userId: number): Promise<Organization> {
  return db
    .selectFrom("organizations")
    .innerJoin("memberships", "memberships.organization_id", "organizations.id")
    .where("memberships.user_id", "=", userId)
    .orderBy("memberships.created_at")
    .selectAll("organizations")
    .limit(1)
    .executeTakeFirstOrThrow();
}

export async function findUserByTelegramId(db: Executor, telegramId: number): Promise<User | undefined> {
  return db.selectFrom("users").where("telegram_id", "=", telegramId).selectAll().executeTakeFirst();
}

export async function setUserLocale(db: Db, userId: number, locale: Locale): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable("users")
      .set({ locale, updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: "user.locale_changed", actorUserId: userId, details: { locale } });
    return user;
  });
}

function displayName(p: TelegramProfile): string {
  return [p.firstName, p.lastName].filter(Boolean).join(" ") || (p.username ? `@${p.username}` : `id${p.telegramId}`);
}
