import { type Kysely, sql } from "kysely";

/**
 * Sales dialogs: Telegram user accounts (sealed sessions, a lease so one account runs in one place,
 * daily counters the database enforces), pending logins, dialogs with prospects and their
 * transcripts, versioned prompts, opt-outs, and an outbox of messages to send from the accounts so a
 * restart neither loses nor repeats one. Also urgent calls to sellers and their preferences, and
 * the bot's conversation state.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sales_accounts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("phone", "text", (c) => c.notNull().unique().check(sql`phone ~ '^\\+[0-9]{7,15}$'`))
    .addColumn("telegram_user_id", "bigint")
    .addColumn("username", "text")
    // AES-GCM, bound to the phone: a session string is a full login to the account.
    .addColumn("session_sealed", "bytea", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("active").check(sql`status in ('active', 'paused', 'disabled')`),
    )
    .addColumn("pause_reason", "text")
    // A FloodWait: the account stays active but sends nothing before this moment.
    .addColumn("sleep_until", "timestamptz")
    .addColumn("last_used_at", "timestamptz")
    // `messages_today` counts `messages_day` (in the sales time zone); a new day starts from zero.
    .addColumn("messages_day", "date")
    .addColumn("messages_today", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_sent_at", "timestamptz")
    // The device Telegram sees, chosen once: a session that changes devices looks stolen.
    .addColumn("device_model", "text", (c) => c.notNull())
    .addColumn("system_version", "text", (c) => c.notNull())
    .addColumn("app_version", "text", (c) => c.notNull())
    .addColumn("lang_code", "text", (c) => c.notNull())
    .addColumn("system_lang_code", "text", (c) => c.notNull())
    // socks5:// or mtproxy:// URL, sealed (it may carry a password or an MTProxy secret); the label has none.
    .addColumn("proxy_sealed", "bytea")
    .addColumn("proxy_label", "text")
    // Who runs the account now: Telegram invalidates a session used from two places (AUTH_KEY_DUPLICATED).
    .addColumn("lease_owner", "text")
    .addColumn("lease_expires_at", "timestamptz")
    .addColumn("created_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sales_logins")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("phone", "text", (c) => c.notNull().check(sql`phone ~ '^\\+[0-9]{7,15}$'`))
    .addColumn("requested_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    // Where progress is reported (the admin's chat with the bot).
    .addColumn("chat_id", "bigint", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("requested")
        .check(
          sql`status in ('requested', 'code_sent', 'code_submitted', 'password_needed', 'password_submitted', 'done', 'failed', 'expired', 'cancelled')`,
        ),
    )
    .addColumn("code_via", "text")
    .addColumn("code_sealed", "bytea")
    .addColumn("password_sealed", "bytea")
    .addColumn("password_hint", "text")
    .addColumn("error", "text")
    .addColumn("proxy_sealed", "bytea")
    .addColumn("proxy_label", "text")
    .addColumn("account_id", "bigint", (c) => c.references("sales_accounts.id").onDelete("set null"))
    // The worker holding the live client of this login (code request and sign-in on one client).
    .addColumn("worker_owner", "text")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index sales_logins_live_phone_key on sales_logins (phone)
            where status not in ('done', 'failed', 'expired', 'cancelled')`.execute(db);

  await db.schema
    .createTable("sales_prompts")
    // The id is the version number.
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("text", "text", (c) => c.notNull().check(sql`length(text) between 1 and 20000`))
    .addColumn("created_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into sales_prompts (text) values (${DEFAULT_PROMPT})`.execute(db);

  await db.schema
    .createTable("sales_dialogs")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("account_id", "bigint", (c) => c.notNull().references("sales_accounts.id"))
    .addColumn("target_username", "text", (c) => c.notNull().check(sql`target_username ~ '^[A-Za-z0-9_]{4,32}$'`))
    .addColumn("target_user_id", "bigint")
    // The peer's access hash as this account knows it (re-resolving a username is rate-limited hard).
    .addColumn("target_access_hash", "text")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("new")
        .check(sql`status in ('new', 'contacted', 'replied', 'qualified', 'handed_over', 'closed')`),
    )
    .addColumn("close_reason", "text")
    // When the AI judged the prospect a qualified lead (kept when a human takes over and hands back).
    .addColumn("qualified_at", "timestamptz")
    // An admin answers instead of the AI.
    .addColumn("taken_over_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("taken_over_at", "timestamptz")
    // Incoming messages wait for an answer: the engine reads them (read receipt) from this moment.
    .addColumn("reply_due_at", "timestamptz")
    .addColumn("llm_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One live dialog per person.
  await sql`create unique index sales_dialogs_live_target_key on sales_dialogs (lower(target_username))
            where status <> 'closed'`.execute(db);
  await db.schema
    .createIndex("sales_dialogs_account_idx")
    .on("sales_dialogs")
    .columns(["account_id", "status"])
    .execute();
  await sql`create index sales_dialogs_due_idx on sales_dialogs (reply_due_at) where reply_due_at is not null`.execute(
    db,
  );

  await db.schema
    .createTable("sales_messages")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("dialog_id", "bigint", (c) => c.notNull().references("sales_dialogs.id").onDelete("cascade"))
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction in ('in', 'out')`))
    .addColumn("author", "text", (c) => c.notNull().check(sql`author in ('prospect', 'ai', 'admin')`))
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("telegram_message_id", "bigint")
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("prompt_version", "integer", (c) => c.references("sales_prompts.id"))
    .addColumn("model", "text")
    .addColumn("prompt_tokens", "integer")
    .addColumn("completion_tokens", "integer")
    .execute();
  await db.schema.createIndex("sales_messages_dialog_idx").on("sales_messages").columns(["dialog_id", "id"]).execute();
  // Telegram may deliver one incoming message twice (reconnects): stored once.
  await sql`create unique index sales_messages_incoming_key on sales_messages (dialog_id, telegram_message_id)
            where direction = 'in'`.execute(db);

  await db.schema
    .createTable("sales_outbox")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("dialog_id", "bigint", (c) => c.notNull().references("sales_dialogs.id").onDelete("cascade"))
    .addColumn("account_id", "bigint", (c) => c.notNull().references("sales_accounts.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('opener', 'reply', 'admin')`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'sending', 'sent', 'failed', 'cancelled')`),
    )
    .addColumn("text", "text", (c) => c.notNull().check(sql`length(text) between 1 and 4096`))
    // Telegram's own idempotency key, fixed before the first attempt: a resend after a crash with
    // the same random_id is refused as a duplicate instead of delivered twice.
    .addColumn("random_id", "bigint", (c) => c.notNull())
    .addColumn("not_before", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // The newest incoming message (sales_messages.id) this reply answers: a newer one makes it stale.
    .addColumn("answers_up_to", "bigint")
    .addColumn("typing_ms", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("prompt_version", "integer", (c) => c.references("sales_prompts.id"))
    .addColumn("model", "text")
    .addColumn("prompt_tokens", "integer")
    .addColumn("completion_tokens", "integer")
    .addColumn("author_user_id", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("telegram_message_id", "bigint")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sending_at", "timestamptz")
    .addColumn("sent_at", "timestamptz")
    .execute();
  await sql`create index sales_outbox_due_idx on sales_outbox (account_id, not_before)
            where status in ('pending', 'sending')`.execute(db);
  // At most one AI message on its way per dialog: a regenerated reply replaces, never joins, the old one.
  await sql`create unique index sales_outbox_one_ai_key on sales_outbox (dialog_id)
            where status in ('pending', 'sending') and kind in ('opener', 'reply')`.execute(db);

  await db.schema
    .createTable("sales_opt_outs")
    // lower(username): never contacted again, from any account.
    .addColumn("username_key", "text", (c) => c.primaryKey())
    .addColumn("telegram_user_id", "bigint")
    .addColumn("dialog_id", "bigint", (c) => c.references("sales_dialogs.id").onDelete("set null"))
    .addColumn("phrase", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index sales_opt_outs_user_key on sales_opt_outs (telegram_user_id)
            where telegram_user_id is not null`.execute(db);

  // A seller's urgent-alert preferences (edited through /api/me/settings; the Mini App screen comes later).
  await db.schema
    .alterTable("users")
    .addColumn("call_opt_in", "boolean", (c) => c.notNull().defaultTo(false))
    // Minutes after midnight, Moscow time; both null = no quiet hours. start > end wraps midnight.
    .addColumn("quiet_hours_start", "smallint", (c) => c.check(sql`quiet_hours_start between 0 and 1439`))
    .addColumn("quiet_hours_end", "smallint", (c) => c.check(sql`quiet_hours_end between 0 and 1439`))
    .addColumn("daily_call_cap", "smallint", (c) =>
      c.notNull().defaultTo(2).check(sql`daily_call_cap between 0 and 10`),
    )
    .execute();

  await db.schema
    .createTable("urgent_calls")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    // What the usual message says (its parameters), sent after the ring.
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'calling', 'rang', 'unreachable', 'skipped')`),
    )
    .addColumn("account_id", "bigint", (c) => c.references("sales_accounts.id").onDelete("set null"))
    .addColumn("detail", "text")
    // The usual message goes out after the ring, or alone once this passes with nobody calling.
    .addColumn("deadline_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("done_at", "timestamptz")
    .execute();
  await db.schema.createIndex("urgent_calls_user_idx").on("urgent_calls").columns(["user_id", "created_at"]).execute();

  // @grammyjs/conversations state (e.g. /add_account waiting for the code), per chat.
  await db.schema
    .createTable("bot_conversations")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** Version 1 of the sales prompt; admins replace it with /set_prompt. */
const DEFAULT_PROMPT = `Ты — менеджер Slotpilot и пишешь в Telegram продавцам Wildberries, которые сами возят поставки FBW.
Slotpilot следит за коэффициентами приёмки на всех складах и бронирует слот под поставку продавца за секунды после открытия — быстрее ручной ловли и других сервисов. Работает из Telegram-бота и мини-приложения, есть бесплатный пробный период.
Как вести диалог:
- Пиши коротко, по-человечески, на языке собеседника, без markdown и без шаблонных приветствий.
- Первое сообщение: одно-два предложения — представься и спроси, как собеседник сейчас ловит слоты.
- Выясни, сколько поставок в месяц и на какие склады; предложи попробовать бесплатно.
- Не обещай того, чего нет; цены и условия не выдумывай — предложи уточнить у коллеги.
- Если собеседник просит не писать — извинись и больше не пиши.`;
