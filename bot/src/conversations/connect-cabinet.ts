import { createConversation } from "@grammyjs/conversations";
import { type Context, InlineKeyboard, InputFile } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { type PortalSession, portalLogin } from "../portal-api.ts";
import { cabinetQuotaRefusal } from "./cabinet-quota.ts";
import { type Convo, Dialog, flowButton, runFlow } from "./dialog.ts";

type Connected = { id: number; name: string };

/** A name for a new cabinet that the seller does not have yet ("WB 2"). */
async function freeName(dialog: Dialog): Promise<string> {
  const existing = await dialog.call(async (outer) => unwrap(await outer.backend.cabinets.$get()));
  const names = new Set(existing.ok ? existing.value.cabinets.map((c) => c.name) : []);
  for (let n = names.size + 1; ; n++) {
    const name = dialog.t("bot.connect.defaultName", { n });
    if (!names.has(name)) return name;
  }
}

/**
 * Connecting a WB cabinet: with an API token (checked by WB, stored encrypted; the message that
 * carried it is deleted from the chat), or by logging in to the WB seller portal with a phone and
 * the SMS code (and a captcha picture when WB asks). A plan with no room for another cabinet says
 * so first, whichever way the seller would have chosen.
 */
export async function connectFlow(dialog: Dialog): Promise<Connected | undefined> {
  const { t } = dialog;
  // A plan that allows no more cabinets says so before either way is chosen, not after a token is pasted.
  const refusal = await dialog.call((outer) => cabinetQuotaRefusal(outer));
  if (refusal.ok && refusal.value !== null) {
    await dialog.explain(refusal.value);
    return undefined;
  }
  const how = new InlineKeyboard()
    .text(t("bot.connect.byToken"), flowButton("token"))
    .row()
    .text(t("bot.connect.byPhone"), flowButton("phone"));
  for (;;) {
    const answer = await dialog.choose(t("bot.connect.prompt"), how, { back: false });
    if (answer === "back") continue;
    const connected = answer.data === "phone" ? await phoneFlow(dialog) : await tokenFlow(dialog);
    if (connected) return connected;
  }
}

/** The API refuses a shorter token; WB's are hundreds of characters long. */
const MIN_TOKEN_LENGTH = 20;

async function tokenFlow(dialog: Dialog): Promise<Connected | undefined> {
  const { t } = dialog;
  for (;;) {
    const answer = await dialog.ask(t("bot.connect.token.prompt"));
    if (answer === "back") return undefined;
    if (answer.kind !== "text") continue;
    // The token must not stay in the chat history.
    await dialog.ctx.deleteMessage().catch(() => undefined);
    const name = await freeName(dialog);
    const apiToken = answer.text.replace(/\s+/g, "");
    // Too short to be a token (a word, a number): said in words about tokens, not a field's length rule.
    if (apiToken.length < MIN_TOKEN_LENGTH) {
      await dialog.explain(t("bot.connect.token.notAToken"));
      continue;
    }
    const created = await dialog.call(async (outer) =>
      unwrap(await outer.backend.cabinets.$post({ json: { name, apiToken, monitorOptIn: false } })),
    );
    if (!created.ok) {
      await dialog.explain(created.fields?.[0]?.message ?? created.message);
      continue;
    }
    const lines = [t("bot.connect.connected", { name: created.value.cabinet.name })];
    for (const warning of created.value.warnings) lines.push("", `⚠️ ${warning}`);
    await dialog.say(lines.join("\n"));
    return { id: created.value.cabinet.id, name: created.value.cabinet.name };
  }
}

/** Phone → SMS code (→ captcha) through the portal-session routes. */
async function phoneFlow(dialog: Dialog): Promise<Connected | undefined> {
  const { t } = dialog;
  const name = await freeName(dialog);
  // A cabinet connected by login alone has no token.
  const created = await dialog.call(async (outer) => {
    const response = await outer.rawApi("/cabinets", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, monitorOptIn: false }),
    });
    return (await unwrap(response as Response & { json(): Promise<{ cabinet: Connected }> })).cabinet;
  });
  if (!created.ok) {
    await dialog.explain(created.message);
    return undefined;
  }
  const cabinet = created.value;
  const session = await portalLoginFlow(dialog, cabinet.id);
  if (!session) {
    await dialog.call(async (outer) => outer.backend.cabinets[":id"].$delete({ param: { id: String(cabinet.id) } }));
    return undefined;
  }
  const named = await nameAfterSupplier(dialog, cabinet, session.wbCabinet?.name);
  await dialog.say(t("bot.connect.connected", { name: named.name }));
  return named;
}

/**
 * The cabinet takes the name WB shows for it ("ИП Иванов") in place of the placeholder it was
 * created with; when another cabinet of the seller has that name already, the placeholder stays.
 */
async function nameAfterSupplier(dialog: Dialog, cabinet: Connected, supplierName: string | undefined) {
  const name = supplierName?.trim().slice(0, 64);
  if (!name || name === cabinet.name) return cabinet;
  const renamed = await dialog.call(async (outer) =>
    unwrap(await outer.backend.cabinets[":id"].$patch({ param: { id: String(cabinet.id) }, json: { name } })),
  );
  return renamed.ok ? { id: cabinet.id, name: renamed.value.cabinet.name } : cabinet;
}

/** The digits of an SMS code, as the API takes them (spaces and dashes the prompt asks for removed). */
const SMS_CODE = /^\d{4,8}$/;

/** Drives one login to ACTIVE: the live session, or null when the seller went back. */
export async function portalLoginFlow(dialog: Dialog, cabinetId: number): Promise<PortalSession | null> {
  const { t } = dialog;
  let session: PortalSession | null = null;
  /** The session's error was answered already (by a warning of the bot's own): not shown again. */
  let errorShown = false;
  for (;;) {
    if (!session || session.state === "ERROR" || session.state === "STOPPED") {
      const error = session?.error?.message;
      const answer = await dialog.ask([error ? `⚠️ ${error}\n` : "", t("bot.connect.phone.prompt")].join(""));
      if (answer === "back") return null;
      if (answer.kind !== "text") continue;
      const started = await dialog.call(async (outer) => portalLogin.start(outer, cabinetId, answer.text));
      if (!started.ok) {
        await dialog.explain(started.message);
        continue;
      }
      session = started.value.session;
      continue;
    }
    if (session.state === "ACTIVE") return session;
    if (session.state === "INITIALIZING") {
      const answer = await dialog.choose(
        t("bot.connect.phone.waiting"),
        new InlineKeyboard().text(t("bot.flow.retry"), flowButton("refresh")),
      );
      if (answer === "back") return null;
      const read = await dialog.call(async (outer) => {
        const response = await outer.rawApi(`/cabinets/${cabinetId}/login`, { method: "GET" });
        return (await unwrap(response as Response & { json(): Promise<{ session: typeof session }> })).session;
      });
      if (read.ok) session = read.value;
      continue;
    }
    // WAITING_AUTH
    const error = session.error && !errorShown ? `⚠️ ${session.error.message}\n\n` : "";
    errorShown = false;
    if (session.waitingFor === "captcha" && session.captchaUrl) {
      const url = session.captchaUrl;
      const image = await dialog.call(async (outer) => portalLogin.captchaImage(outer, url));
      if (image.ok) {
        await dialog.ctx.api.sendPhoto(dialog.chatId, new InputFile(Buffer.from(image.value, "base64"), "captcha.png"));
      }
      const answer = await dialog.ask(`${error}${t("bot.connect.phone.captcha")}`);
      if (answer === "back") return null;
      if (answer.kind !== "text") continue;
      const sent = await dialog.call(async (outer) => portalLogin.captcha(outer, cabinetId, answer.text));
      if (sent.ok) session = sent.value.session;
      else await dialog.explain(sent.message);
      continue;
    }
    if (session.waitingFor === "cabinet" && session.cabinets) {
      const keyboard = new InlineKeyboard();
      for (const c of session.cabinets) keyboard.text(c.name, flowButton(`sup:${c.supplierId}`)).row();
      const picked = await dialog.choose(`${error}${t("bot.connect.phone.cabinet")}`, keyboard);
      if (picked === "back") return null;
      if (!picked.data.startsWith("sup:")) continue;
      const supplierId = Number(picked.data.slice(4));
      const sent = await dialog.call(async (outer) => portalLogin.cabinet(outer, cabinetId, supplierId));
      if (sent.ok) session = sent.value.session;
      else await dialog.explain(sent.message);
      continue;
    }
    const answer = await dialog.ask(`${error}${t("bot.connect.phone.code", { phone: session.phone ?? "" })}`);
    if (answer === "back") return null;
    if (answer.kind !== "text") continue;
    const code = answer.text.replace(/[\s-]/g, "");
    // What cannot be a code is said here, in words about the SMS, and never reaches WB.
    if (!SMS_CODE.test(code)) {
      await dialog.explain(t("bot.connect.phone.codeFormat"));
      // The prompt comes again without an earlier code's error: this warning is the news.
      errorShown = true;
      continue;
    }
    const sent = await dialog.call(async (outer) => portalLogin.code(outer, cabinetId, code));
    if (sent.ok) session = sent.value.session;
    else await dialog.explain(sent.fields?.[0]?.message ?? sent.message);
  }
}

/** `/cabinets` → Add: the connect flow on its own. */
export async function connectCabinet(conversation: Convo, ctx: Context) {
  await runFlow(async () => {
    const dialog = await Dialog.open(conversation, ctx);
    await connectFlow(dialog);
  });
}

/** `/cabinets` → Log in / Reconnect for an existing cabinet. */
export async function reconnectCabinet(conversation: Convo, ctx: Context, cabinetId: number) {
  await runFlow(async () => {
    const dialog = await Dialog.open(conversation, ctx);
    if ((await portalLoginFlow(dialog, cabinetId)) !== null) await dialog.say(dialog.t("bot.connect.loggedIn"));
  });
}

export const connectConversations = () => [
  createConversation<BotContext, Context>(connectCabinet, { id: "connectCabinet" }),
  createConversation<BotContext, Context>(reconnectCabinet, { id: "reconnectCabinet" }),
];
