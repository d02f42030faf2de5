import { createTestApi } from "@slotpilot/api/testing";
import { seedSalesAccount } from "@slotpilot/db/testing";
import { localDay } from "@slotpilot/domain";
import { InputFile, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { inProcessBot } from "../../testing.ts";
import { type BotApiCall, localBotApi } from "../../transport/local-bot-api.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo", env: { ADMIN_TELEGRAM_IDS: "9001" } });
});
afterAll(() => api.close());
beforeEach(async () => {
  for (const table of [
    "sales_outbox",
    "sales_messages",
    "sales_dialogs",
    "sales_logins",
    "sales_accounts",
    "bot_conversations",
  ] as const) {
    await api.db.deleteFrom(table).execute();
  }
});

const ADMIN = 9001;
const SELLER = 1234;
let updateId = 50_000;
function text(userId: number, body: string, language_code = "en"): Update {
  const command = body.match(/^\/\w+/)?.[0];
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U", language_code },
      text: body,
      ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : {}),
    },
  };
}
function document(userId: number, fileId: string, size: number): Update {
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U", language_code: "en" },
      document: {
        file_id: fileId,
        file_unique_id: fileId,
        file_name: "prompt.txt",
        mime_type: "text/plain",
        file_size: size,
      },
    },
  };
}
const replies = (calls: BotApiCall[]) =>
  calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text));

const seedAccount = (phone = "+79990000001") =>
  seedSalesAccount(api.db, api.deps.config.encryptionKey, { phone, session: "session" });

describe("sales admin commands", () => {
  it("do not exist for sellers: they get the ordinary seller bot and nothing changes", async () => {
    await seedAccount();
    const bot = inProcessBot(api);
    for (const command of [
      "/list_accounts",
      "/list",
      "/export 1",
      "/takeover 1",
      "/add_account +79991112233",
      "/prompt",
    ]) {
      await bot.process(text(SELLER, command));
    }
    await bot.process(text(SELLER, "/start @wb_anna"));
    const said = replies(bot.calls);
    // To a seller an admin command is just a command the bot does not know.
    expect(said.slice(0, 6).every((r) => r.startsWith("I don’t know /"))).toBe(true);
    expect(said[6]).toMatch(/^Hello, U!/); // a seller's /start, whatever follows it
    expect(bot.calls.some((c) => c.method === "sendDocument")).toBe(false);
    expect(await api.db.selectFrom("sales_dialogs").selectAll().execute()).toEqual([]);
    expect(await api.db.selectFrom("sales_logins").selectAll().execute()).toEqual([]);
  });

  it("/start @username opens a dialog on an account; without one the admin is told why, in their language", async () => {
    const bot = inProcessBot(api);
    await bot.process(text(ADMIN, "/start @wb_anna", "ru"));
    expect(replies(bot.calls)).toEqual([
      "Писать сейчас некому: добавьте аккаунт через /add_account или включите приостановленный.",
    ]);
    await seedAccount();
    await bot.process(text(ADMIN, "/start @wb_anna", "ru"));
    const dialog = await api.db.selectFrom("sales_dialogs").selectAll().executeTakeFirstOrThrow();
    expect(replies(bot.calls)[1]).toBe(
      `Диалог №${dialog.id} с @wb_anna начат с аккаунта +79990000001: первое сообщение скоро уйдёт. /view ${dialog.id}`,
    );
    await bot.process(text(ADMIN, "/start", "ru"));
    expect(replies(bot.calls)[2]).toMatch(/^Здравствуйте, U!/); // an admin's plain /start is the seller menu
  });

  it("/export N sends the dialog's transcript as a text document", async () => {
    const accountId = await seedAccount();
    const dialog = await api.db
      .insertInto("sales_dialogs")
      .values({ account_id: accountId, target_username: "wb_boris", status: "replied" })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    await api.db
      .insertInto("sales_messages")
      .values([
        {
          dialog_id: dialog.id,
          direction: "out",
          author: "ai",
          content: "Здравствуйте! Как вы ловите слоты?",
          at: new Date("2026-11-21T07:00:05Z"),
          prompt_version: 1,
          model: "gpt-test",
          prompt_tokens: 120,
          completion_tokens: 30,
        },
        {
          dialog_id: dialog.id,
          direction: "in",
          author: "prospect",
          content: "Сама, по утрам",
          telegram_message_id: 77,
          at: new Date("2026-11-21T07:03:00Z"),
        },
      ])
      .execute();
    const bot = inProcessBot(api);
    await bot.process(text(ADMIN, `/export ${dialog.id}`));

    const sent = bot.calls.find((c) => c.method === "sendDocument");
    expect(sent?.payload.chat_id).toBe(ADMIN);
    expect(sent?.payload.caption).toBe(`Dialog #${dialog.id} with @wb_boris`);
    const file = sent?.payload.document as InputFile;
    expect(file).toBeInstanceOf(InputFile);
    expect(file.filename).toBe(`dialog-${dialog.id}.txt`);
    const content = Buffer.from((await file.toRaw()) as Uint8Array).toString("utf8");
    const started = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Moscow",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).format(dialog.created_at);
    expect(content).toBe(
      [
        `Dialog #${dialog.id} with @wb_boris`,
        "Status: replied",
        "Account: +79990000001",
        `Started: ${started} (Europe/Moscow)`,
        "",
        "[21/11/2026, 10:00:05] Slotpilot AI (prompt v1, gpt-test, 150 tokens):",
        "Здравствуйте! Как вы ловите слоты?",
        "[21/11/2026, 10:03:00] @wb_boris:",
        "Сама, по утрам",
        "",
      ].join("\n"),
    );
  });

  it("/list, /view, /takeover with relayed messages, /handback, /stop", async () => {
    await seedAccount();
    const bot = inProcessBot(api);
    await bot.process(text(ADMIN, "/start @wb_vera"));
    const { id } = await api.db.selectFrom("sales_dialogs").select("id").executeTakeFirstOrThrow();
    await bot.process(text(ADMIN, "/list"));
    await bot.process(text(ADMIN, `/view ${id}`));
    await bot.process(text(ADMIN, "/view abc"));
    await bot.process(text(ADMIN, `/takeover ${id}`));
    await bot.process(text(ADMIN, "Добрый день! Это Олег из Slotpilot."));
    await bot.process(text(ADMIN, `/handback ${id}`));
    await bot.process(text(ADMIN, "this goes nowhere now"));
    await bot.process(text(ADMIN, `/stop ${id}`));
    await bot.process(text(ADMIN, `/view ${id + 100}`));

    expect(replies(bot.calls).slice(1)).toEqual([
      `Active dialogs:\n#${id} @wb_vera — new, 0 messages`,
      `Dialog #${id} with @wb_vera — new\nAccount +79990000001\n\nNo messages yet.`,
      "Usage: /view N (the dialog number from /list)",
      `You hold dialog #${id} (@wb_vera): the AI is silent, and what you write here is sent from the account. /handback ${id} gives it back.`,
      `Queued to @wb_vera (#${id}).`,
      `Dialog #${id} is back with the AI.`,
      // Free text outside a takeover is the seller bot's again: its short answer.
      expect.stringMatching(/^I work with commands and buttons/),
      `Dialog #${id} stopped.`,
      `No dialog #${id + 100}.`,
    ]);
    expect(await api.db.selectFrom("sales_outbox").select(["kind", "text", "status"]).execute()).toEqual([
      { kind: "admin", text: "Добрый день! Это Олег из Slotpilot.", status: "cancelled" },
    ]);
  });

  it("/add_account: code then 2FA password, each handed to the worker sealed; survives a bot restart; other commands still work meanwhile", async () => {
    const first = inProcessBot(api);
    await first.process(text(ADMIN, "/add_account"));
    await first.process(text(ADMIN, "/add_account 12"));
    expect(replies(first.calls)).toEqual([
      "Usage: /add_account +79991234567 [proxy]\nThe proxy is optional: socks5://user:password@host:1080 or mtproxy://host:443?secret=…",
      "“12” is not a phone number. Write it in international format, e.g. +79991234567.",
    ]);
    await first.process(text(ADMIN, "/add_account +79990000009 socks5://u:pw@10.0.0.1:1080"));
    const login = await api.db.selectFrom("sales_logins").selectAll().executeTakeFirstOrThrow();
    expect(login).toMatchObject({ phone: "+79990000009", status: "requested", proxy_label: "socks5 10.0.0.1:1080" });
    expect(first.calls.some((c) => c.method === "deleteMessage")).toBe(true); // the message with the proxy password
    expect(replies(first.calls).at(-1)).toMatch(/^Requesting a login code for \+79990000009…/);

    // Before the worker has asked Telegram, a code is too early.
    await first.process(text(ADMIN, "1 2 3 4 5"));
    expect(replies(first.calls).at(-1)).toBe(
      "Still waiting for Telegram (requested). Try again in a moment, or /cancel.",
    );

    // The worker asked; the bot restarts; the conversation goes on in the new process.
    await api.db.updateTable("sales_logins").set({ status: "code_sent" }).execute();
    const second = inProcessBot(api);
    await second.process(text(ADMIN, "/list"));
    expect(replies(second.calls)).toEqual(["No active dialogs. Start one: /start @username"]);
    await second.process(text(ADMIN, "12"));
    expect(replies(second.calls).at(-1)).toBe("Type the code with spaces between the digits, e.g. 1 2 3 4 5.");
    await second.process(text(ADMIN, "1 2 3 4 5"));
    expect(replies(second.calls).at(-1)).toBe("Checking…");
    const submitted = await api.db.selectFrom("sales_logins").selectAll().executeTakeFirstOrThrow();
    expect(submitted.status).toBe("code_submitted");
    expect(submitted.code_sealed).not.toBeNull();

    await api.db.updateTable("sales_logins").set({ status: "password_needed", code_sealed: null }).execute();
    await second.process(text(ADMIN, "correct horse battery"));
    expect(second.calls.filter((c) => c.method === "deleteMessage")).toHaveLength(1);
    expect(replies(second.calls).at(-1)).toBe("Password received, checking… (your message with it was deleted).");
    const withPassword = await api.db.selectFrom("sales_logins").selectAll().executeTakeFirstOrThrow();
    expect(withPassword.status).toBe("password_submitted");
    expect(withPassword.password_sealed?.toString("latin1")).not.toContain("correct horse");

    // The worker finished: the conversation lets go, and the next message is the bot's again.
    await api.db.updateTable("sales_logins").set({ status: "done" }).execute();
    await second.process(text(ADMIN, "hello"));
    expect(replies(second.calls).at(-1)).toMatch(/^I work with commands and buttons/);
    expect(await api.db.selectFrom("bot_conversations").selectAll().execute()).toHaveLength(0);
  });

  it("/set_prompt takes a .txt document (and /prompt shows the new version); /cancel leaves it unchanged", async () => {
    const local = localBotApi();
    const files: Transformer = async (prev, method, payload, signal) => {
      if (method === "getFile") {
        const file = { file_id: "doc1", file_unique_id: "doc1", file_path: "documents/prompt.txt" };
        // The transformer's result type depends on the method; this one is getFile's.
        return { ok: true, result: file } as unknown as Awaited<ReturnType<typeof prev>>;
      }
      return local.transformer(prev, method, payload, signal);
    };
    const prompt = "Ты — менеджер Slotpilot. Пиши коротко.\nНе выдумывай цены.";
    const bot = inProcessBot(api, {
      botApi: files,
      downloadFile: async (path) => {
        expect(path).toBe("documents/prompt.txt");
        return new TextEncoder().encode(`\uFEFF${prompt}`);
      },
    });
    await bot.process(text(ADMIN, "/set_prompt"));
    await bot.process(text(ADMIN, "/cancel"));
    await bot.process(text(ADMIN, "/set_prompt"));
    await bot.process(document(ADMIN, "doc1", 100));
    await bot.process(text(ADMIN, "/prompt"));

    const said = replies(local.calls);
    expect(said.slice(0, 3)).toEqual([
      "Send the new prompt as a message or a .txt document. /cancel stops.",
      "The prompt is unchanged.",
      "Send the new prompt as a message or a .txt document. /cancel stops.",
    ]);
    const version = await api.db
      .selectFrom("sales_prompts")
      .select(["id", "text"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(version.text).toBe(prompt);
    expect(said[3]).toBe(`Prompt version ${version.id} saved: new messages use it.`);
    expect(said[4]).toMatch(new RegExp(`^Prompt version ${version.id} \\(.+\\):\\n\\nТы — менеджер Slotpilot`));

    await bot.process(text(ADMIN, "/set_prompt Коротко и вежливо."));
    expect(replies(local.calls).at(-1)).toBe(`Prompt version ${version.id + 1} saved: new messages use it.`);
  });

  it("/list_accounts shows status, today's messages against the limit, last use and pause reason", async () => {
    const id = await seedAccount();
    await seedAccount("+79990000002");
    await api.db
      .updateTable("sales_accounts")
      .set({ messages_today: 7, messages_day: localDay(new Date(), "Europe/Moscow") })
      .where("id", "=", id)
      .execute();
    await api.db
      .updateTable("sales_accounts")
      .set({ status: "paused", pause_reason: "peer_flood" })
      .where("phone", "=", "+79990000002")
      .execute();
    const bot = inProcessBot(api);
    await bot.process(text(ADMIN, "/list_accounts"));
    await bot.process(text(ADMIN, "/disable_account +79990000001"));
    await bot.process(text(ADMIN, "/enable_account"));
    expect(replies(bot.calls)).toEqual([
      [
        "Sales accounts (at most 20 messages a day each):",
        "🟢 +79990000001 — active, 7/20 today, last used never",
        "⛔ +79990000002 — paused, 0/20 today, last used never; reason: peer_flood",
        "",
        "Demo mode: accounts live in a simulated Telegram (code 12345).",
      ].join("\n"),
      "Account +79990000001 disabled.",
      "Usage: /enable_account +79991234567",
    ]);
  });
});
