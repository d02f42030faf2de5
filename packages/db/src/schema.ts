import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type { BillingTables } from "./billing/schema.ts";

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
  /** Urgent alerts may ring the seller's Telegram (see urgent_calls). */
  call_opt_in: ColumnType<boolean, boolean | undefined, boolean>;
  /** Minutes after midnight (Moscow); both null = none; start > end wraps midnight. */
  quiet_hours_start: ColumnType<number | null, number | null | undefined, number | null>;
  quiet_hours_end: ColumnType<number | null, number | null | undefined, number | null>;
  daily_call_cap: ColumnType<number, number | undefined, number>;
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
  /** `done` handled, `failed` given up on (the user was told), `pending` failed and awaiting redelivery. */
  status: ColumnType<
    "pending" | "done" | "failed",
    "pending" | "done" | "failed" | undefined,
    "pending" | "done" | "failed"
  >;
  attempts: ColumnType<number, number | undefined, number>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: number | null;
  organization_id: number | null;
  action: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** A seller's `/support` message (see migrations/0018_support_messages.ts). */
export interface SupportMessagesTable {
  id: string;
  organization_id: number;
  user_id: number;
  payload: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
  delivered_at: Date | null;
}

export type TokenType = "personal" | "basic";
export type TaskStatus = "active" | "booking" | "paused" | "booked" | "watching" | "moving" | "expired" | "failed";

export interface WarehousesTable {
  id: number;
  name: string;
  is_sorting_center: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: UpdatedAt;
}

export interface CabinetsTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  wb_account_id: number | null;
  /** The WB API token: all three set, or none (a cabinet connected by portal login alone). */
  token_sealed: Buffer | null;
  token_fingerprint: string | null;
  token_type: TokenType | null;
  monitor_opt_in: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** `date` columns travel as `YYYY-MM-DD` strings (see connect.ts): a calendar day has no time zone. */
export interface BookingTasksTable {
  id: Generated<number>;
  organization_id: number;
  cabinet_id: number;
  supply_kind: "preorder" | "draft";
  supply_id: string;
  warehouse_ids: number[];
  box_type_id: number;
  date_from: string;
  date_to: string;
  skip_dates: ColumnType<string[], string[] | undefined, string[]>;
  max_coefficient: number;
  deadline: Date | null;
  mode: "book" | "alert";
  flap_guard: ColumnType<"first-sight" | "confirm", "first-sight" | "confirm" | undefined, "first-sight" | "confirm">;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  status_reason: string | null;
  dry_run: ColumnType<boolean, boolean | undefined, boolean>;
  /** A cap on the acceptance cost in rubles, besides the coefficient cap; null = none. */
  max_cost_rub: number | null;
  /** After booking at a paid coefficient, keep watching and move the supply to a better day (0012). */
  replan: ColumnType<boolean, boolean | undefined, boolean>;
  /** Where WB has the supply planned now (each confirmed booking or move writes it); null before. */
  planned_supply_id: number | null;
  planned_warehouse_id: number | null;
  planned_date: string | null;
  planned_coefficient: number | null;
  /** Bumped by a trigger whenever a column matching reads changes; a status change alone keeps it (0014). */
  revision: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type PreorderStatus = "creating" | "ready" | "used" | "removing" | "removed";

/** A preorder made ahead of time from a draft task's draft, at one of its warehouses (migration 0012). */
export interface BookingPreordersTable {
  id: Generated<number>;
  /** Null once the task was deleted: the preorder is then removed from the portal (0013). */
  task_id: number | null;
  cabinet_id: number;
  /** The draft it was made from (the task's `supply_id`), kept for its removal (0013). */
  draft_id: string;
  warehouse_id: number;
  /** Null while `creating` (the intent is written before `supply/create` is sent). */
  preorder_id: number | null;
  status: ColumnType<PreorderStatus, PreorderStatus | undefined, PreorderStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type BookingStatus = "pending" | "attempting" | "confirmed" | "missed" | "failed" | "dry_run";

/** A booking: the monitor's hand-off to the booker and the record of what happened (migration 0009). */
export interface BookingsTable {
  id: Generated<number>;
  task_id: number;
  organization_id: number;
  cabinet_id: number;
  decision_id: number | null;
  opening: string;
  warehouse_id: number;
  date: string;
  box_type_id: number;
  coefficient: number;
  priority: number;
  status: ColumnType<BookingStatus, BookingStatus | undefined, BookingStatus>;
  reason: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  worker_id: string | null;
  lease_epoch: number | null;
  strategy: "rpc" | "ui" | null;
  intent_at: Date | null;
  supply_id: number | null;
  /** numeric: travels as a string. */
  acceptance_cost: string | null;
  screenshot: Buffer | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  finished_at: Date | null;
  /** `plan`: plans a preorder (`plan/add`); `replan`: moves the task's planned supply (`plan/update`). */
  kind: ColumnType<"plan" | "replan", "plan" | "replan" | undefined, "plan" | "replan">;
}

export interface SlotCellsTable {
  warehouse_id: number;
  date: string;
  box_type_id: number;
  coefficient: number;
  allow_unload: boolean;
  since: Date;
  seen_at: Date;
}

export interface SlotChangesTable {
  id: Generated<number>;
  warehouse_id: number;
  date: string;
  box_type_id: number;
  kind: "opened" | "closed" | "changed";
  coefficient: number;
  allow_unload: boolean;
  previous_coefficient: number | null;
  at: Date;
}

export interface NotificationsTable {
  id: Generated<number>;
  organization_id: number | null;
  chat_id: number;
  kind: string;
  dedupe_key: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<
    "pending" | "sent" | "failed",
    "pending" | "sent" | "failed" | undefined,
    "pending" | "sent" | "failed"
  >;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}

/** One decision of the slot monitor (see migrations/0005_slot_decisions.ts). */
export interface SlotDecisionsTable {
  id: Generated<number>;
  task_id: number;
  organization_id: number;
  cabinet_id: number;
  opening: string;
  action: "book" | "alert";
  warehouse_id: number;
  date: string;
  box_type_id: number;
  coefficient: number;
  priority: number;
  decided_at: Date;
}

export interface MonitorStatusTable {
  id: number;
  usable_accounts: number;
  usable_tokens: number;
  last_read_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  reads_per_minute: number;
  /** The source of the last successful read. */
  source: string | null;
  /** The source of the last read tried, successful or not; null while no source can read. */
  tried_source: string | null;
  heartbeat_at: Date;
  started_at: Date;
}

export type SalesAccountStatus = "active" | "paused" | "disabled";
export type SalesDialogStatus = "new" | "contacted" | "replied" | "qualified" | "handed_over" | "closed";
type Default<T> = ColumnType<T, T | undefined, T>;

export interface SalesAccountsTable {
  id: Generated<number>;
  phone: string;
  telegram_user_id: number | null;
  username: string | null;
  session_sealed: Buffer;
  status: Default<SalesAccountStatus>;
  pause_reason: string | null;
  sleep_until: Date | null;
  last_used_at: Date | null;
  messages_day: string | null;
  messages_today: Default<number>;
  last_sent_at: Date | null;
  device_model: string;
  system_version: string;
  app_version: string;
  lang_code: string;
  system_lang_code: string;
  proxy_sealed: Buffer | null;
  proxy_label: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type SalesLoginStatus =
  | "requested"
  | "code_sent"
  | "code_submitted"
  | "password_needed"
  | "password_submitted"
  | "done"
  | "failed"
  | "expired"
  | "cancelled";

export interface SalesLoginsTable {
  id: Generated<number>;
  phone: string;
  requested_by: number | null;
  chat_id: number;
  status: Default<SalesLoginStatus>;
  code_via: string | null;
  code_sealed: Buffer | null;
  password_sealed: Buffer | null;
  password_hint: string | null;
  error: string | null;
  proxy_sealed: Buffer | null;
  proxy_label: string | null;
  account_id: number | null;
  worker_owner: string | null;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SalesPromptsTable {
  id: Generated<number>;
  text: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface SalesDialogsTable {
  id: Generated<number>;
  account_id: number;
  target_username: string;
  target_user_id: number | null;
  target_access_hash: string | null;
  status: Default<SalesDialogStatus>;
  close_reason: string | null;
  qualified_at: Date | null;
  taken_over_by: number | null;
  taken_over_at: Date | null;
  reply_due_at: Date | null;
  llm_failures: Default<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SalesMessagesTable {
  id: Generated<number>;
  dialog_id: number;
  direction: "in" | "out";
  author: "prospect" | "ai" | "admin";
  content: string;
  telegram_message_id: number | null;
  at: Date;
  prompt_version: number | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
}

export type SalesOutboxKind = "opener" | "reply" | "admin";
export type SalesOutboxStatus = "pending" | "sending" | "sent" | "failed" | "cancelled";

export interface SalesOutboxTable {
  id: Generated<number>;
  dialog_id: number;
  account_id: number;
  kind: SalesOutboxKind;
  status: Default<SalesOutboxStatus>;
  text: string;
  /** Random, below 2^53 so it survives the trip through JavaScript numbers. */
  random_id: number;
  not_before: Default<Date>;
  answers_up_to: number | null;
  typing_ms: Default<number>;
  prompt_version: number | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  author_user_id: number | null;
  attempts: Default<number>;
  last_error: string | null;
  telegram_message_id: number | null;
  created_at: CreatedAt;
  sending_at: Date | null;
  sent_at: Date | null;
}

export interface SalesOptOutsTable {
  username_key: string;
  telegram_user_id: number | null;
  dialog_id: number | null;
  phrase: string;
  at: Default<Date>;
}

export type UrgentCallStatus = "pending" | "calling" | "rang" | "unreachable" | "skipped";

export interface UrgentCallsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  dedupe_key: string;
  status: Default<UrgentCallStatus>;
  account_id: number | null;
  detail: string | null;
  deadline_at: Date;
  /** Whether the alert's own message follows the ring (false: the caller sent its own already). */
  follow_up: Default<boolean>;
  created_at: CreatedAt;
  done_at: Date | null;
}

export interface BotConversationsTable {
  key: string;
  state: ColumnType<unknown, string, string>;
  updated_at: Default<Date>;
}

export interface FavouriteWarehousesTable {
  user_id: number;
  warehouse_id: number;
  position: number;
}

/** What happened to a booking task, for its timeline. */
export interface TaskEventsTable {
  id: Generated<number>;
  task_id: number;
  organization_id: number;
  at: ColumnType<Date, Date | undefined, never>;
  kind: string;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

/** A message the notifier edits in place rather than sending anew (a booking's live status). */
export interface LiveMessagesTable {
  chat_id: number;
  live_key: string;
  message_id: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type PortalSessionState = "INITIALIZING" | "WAITING_AUTH" | "ACTIVE" | "ERROR" | "STOPPED";
export type PortalWaitingFor = "code" | "captcha" | "cabinet";

/** One WB seller-portal session per cabinet (migration 0007). Sealed columns never leave the server. */
export interface PortalSessionsTable {
  cabinet_id: number;
  organization_id: number;
  state: PortalSessionState;
  waiting_for: PortalWaitingFor | null;
  error_code: string | null;
  login_id: string | null;
  phone_sealed: Buffer | null;
  phone_hint: string | null;
  input_sealed: Buffer | null;
  input_kind: PortalWaitingFor | null;
  input_seq: ColumnType<number, number | undefined, number>;
  done_seq: ColumnType<number, number | undefined, number>;
  captcha_image: Buffer | null;
  captcha_type: string | null;
  cabinet_choices: ColumnType<{ supplierId: number; name: string }[] | null, string | null, string | null>;
  supplier_id: number | null;
  supplier_name: string | null;
  storage_sealed: Buffer | null;
  storage_saved_at: Date | null;
  header_expires_at: Date | null;
  checked_at: Date | null;
  relogin_attempts: ColumnType<number, number | undefined, number>;
  state_changed_at: ColumnType<Date, Date | undefined, Date>;
  revision: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PortalWorkersTable {
  id: string;
  host: string;
  pid: number;
  capacity: number;
  held: ColumnType<number, number | undefined, number>;
  memory_mb: number | null;
  started_at: ColumnType<Date, Date | undefined, Date>;
  heartbeat_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PortalLeasesTable {
  cabinet_id: number;
  worker_id: string;
  epoch: ColumnType<number, number | undefined, number>;
  lease_until: Date;
  acquired_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PortalCallsTable {
  id: Generated<number>;
  cabinet_id: number;
  method: string;
  params: ColumnType<unknown, string, string>;
  status: ColumnType<
    "pending" | "running" | "done" | "failed",
    "pending" | "running" | "done" | "failed" | undefined,
    "pending" | "running" | "done" | "failed"
  >;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error_code: string | null;
  worker_id: string | null;
  deadline: Date;
  created_at: CreatedAt;
  done_at: Date | null;
}

export interface Database extends BillingTables {
  sales_accounts: SalesAccountsTable;
  sales_logins: SalesLoginsTable;
  sales_prompts: SalesPromptsTable;
  sales_dialogs: SalesDialogsTable;
  sales_messages: SalesMessagesTable;
  sales_outbox: SalesOutboxTable;
  sales_opt_outs: SalesOptOutsTable;
  urgent_calls: UrgentCallsTable;
  bot_conversations: BotConversationsTable;
  live_messages: LiveMessagesTable;
  task_events: TaskEventsTable;
  favourite_warehouses: FavouriteWarehousesTable;
  warehouses: WarehousesTable;
  cabinets: CabinetsTable;
  booking_tasks: BookingTasksTable;
  bookings: BookingsTable;
  booking_preorders: BookingPreordersTable;
  slot_cells: SlotCellsTable;
  slot_changes: SlotChangesTable;
  notifications: NotificationsTable;
  slot_decisions: SlotDecisionsTable;
  monitor_status: MonitorStatusTable;
  portal_sessions: PortalSessionsTable;
  portal_workers: PortalWorkersTable;
  portal_leases: PortalLeasesTable;
  portal_calls: PortalCallsTable;
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  telegram_updates: TelegramUpdatesTable;
  audit_log: AuditLogTable;
  support_messages: SupportMessagesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Cabinet = Selectable<CabinetsTable>;
export type BookingTask = Selectable<BookingTasksTable>;
export type PortalSessionRow = Selectable<PortalSessionsTable>;
