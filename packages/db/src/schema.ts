import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export type Locale = "ru" | "en";
export type UserRole = "seller" | "admin";
export type MembershipRole = "owner" | "member";

export interface UsersTable {
  id: Generated<number>;
  telegram_id: number;
  first_name: string;
  last_name: string | null;
  username: string | null;
  language_code: string | null;
  locale: Locale | null;
  role: ColumnType<UserRole, UserRole | undefined, UserRole>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  organization_id: number;
  user_id: number;
  role: ColumnType<MembershipRole, MembershipRole | undefined, MembershipRole>;
  created_at: CreatedAt;
}

export interface TelegramUpdatesTable {
  update_id: number;
  received_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: number | null;
  organization_id: number | null;
  action: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  telegram_updates: TelegramUpdatesTable;
  audit_log: AuditLogTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
