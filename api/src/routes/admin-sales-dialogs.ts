import type { Database } from "@slotpilot/db";
import {
  cancelPendingOutbox,
  createSalesDialog,
  currentTakeover,
  enqueueSalesMessage,
  latestIncoming,
  listSalesDialogs,
  lockSalesDialog,
  recordAudit,
  type SalesDialogRow,
  type SalesDialogSummary,
  salesDialogMessages,
  updateSalesDialog,
} from "@slotpilot/db";
import { AppError, localDay, nextDialogStatus, parseTelegramUsername } from "@slotpilot/domain";
import { Hono } from "hono";
import type { Transaction } from "kysely";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { adminsOnly } from "../middleware/admins-only.ts";
import { validate } from "../validate.ts";
import { formatTranscript } from "./sales-transcript.ts";

export interface SalesDialogBody {
  id: number;
  username: string;
  status: SalesDialogSummary["status"];
  closeReason: string | null;
  accountPhone: string;
  heldByAdmin: boolean;
  messages: number;
  lastMessageAt: string | null;
  createdAt: string;
}

const body = (d: SalesDialogSummary): SalesDialogBody => ({
  id: d.id,
  username: d.username,
  status: d.status,
  closeReason: d.closeReason,
  accountPhone: d.accountPhone,
  heldByAdmin: d.takenOverBy !== null,
  messages: d.messages,
  lastMessageAt: d.lastMessageAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

const idParam = z.object({ id: z.coerce.number().int().positive() });
const start = z.object({ username: z.string().max(64) }).strict();
const listQuery = z.object({ all: z.enum(["true", "false"]).optional() });
const relay = z.object({ text: z.string().trim().min(1).max(4096) }).strict();

/**
 * Sales dialogs for admins: start one with @username, list, read, export, stop; take one over (the
 * AI falls silent and the admin's messages go out from the account) and hand it back.
 */
export function adminSalesDialogRoutes(deps: ApiDeps) {
  const sales = deps.config.sales;
  const summary = async (id: number) => {
    const [found] = await listSalesDialogs(deps.db, { activeOnly: false, id });
    if (!found) throw new AppError("sales.dialog_not_found", { id });
    return body(found);
  };
  return new Hono<AppEnv>()
    .use("/admin/sales/*", adminsOnly)
    .post("/admin/sales/dialogs", validate("json", start), async (c) => {
      if (sales.telegram.kind === "off") throw new AppError("sales.off");
      const raw = c.req.valid("json").username;
      const username = parseTelegramUsername(raw);
      if (!username) throw new AppError("sales.username_invalid", { username: raw });
      const user = c.get("user");
      const created = await createSalesDialog(deps.db, {
        username,
        createdBy: user.id,
        day: localDay(deps.now?.() ?? new Date(), sales.timeZone),
      });
      if (!created.ok) {
        const code = {
          opted_out: "sales.opted_out",
          already_active: "sales.dialog_exists",
          no_account: "sales.no_account",
        } as const;
        throw new AppError(code[created.reason], { username });
      }
      await recordAudit(deps.db, {
        action: "sales.dialog_started",
        actorUserId: user.id,
        details: { username, dialogId: created.dialog.id },
      });
      return c.json({ dialog: await summary(created.dialog.id) }, 201);
    })
    .get("/admin/sales/dialogs", validate("query", listQuery), async (c) => {
      const dialogs = await listSalesDialogs(deps.db, { activeOnly: c.req.valid("query").all !== "true" });
      return c.json({ dialogs: dialogs.map(body) });
    })
    .get("/admin/sales/dialogs/:id", validate("param", idParam), async (c) => {
      const { id } = c.req.valid("param");
      const dialog = await summary(id);
      const messages = await salesDialogMessages(deps.db, id);
      return c.json({
        dialog,
        messages: messages.map((m) => ({ ...m, at: m.at.toISOString() })),
      });
    })
    .get("/admin/sales/dialogs/:id/export", validate("param", idParam), async (c) => {
      const { id } = c.req.valid("param");
      const dialog = await summary(id);
      const text = formatTranscript(
        { ...dialog, createdAt: new Date(dialog.createdAt) },
        await salesDialogMessages(deps.db, id),
        c.get("locale"),
        sales.timeZone,
      );
      return c.text(text, 200, { "content-disposition": `attachment; filename="dialog-${id}.txt"` });
    })
    .get("/admin/sales/export", async (c) => {
      const dialogs = await listSalesDialogs(deps.db, { activeOnly: false, limit: 10_000 });
      const parts: string[] = [];
      for (const d of dialogs.reverse()) {
        parts.push(formatTranscript(d, await salesDialogMessages(deps.db, d.id), c.get("locale"), sales.timeZone));
      }
      return c.text(parts.join(`\n${"=".repeat(60)}\n\n`), 200, {
        "content-disposition": 'attachment; filename="dialogs.txt"',
        "x-dialog-count": String(dialogs.length),
      });
    })
    .post("/admin/sales/dialogs/:id/stop", validate("param", idParam), async (c) => {
      const { id } = c.req.valid("param");
      await locked(deps, id, async (trx, row) => {
        await cancelPendingOutbox(trx, id, ["opener", "reply", "admin"]);
        await updateSalesDialog(trx, id, { status: "closed", close_reason: "stopped", reply_due_at: null });
        await recordAudit(trx, {
          action: "sales.dialog_stopped",
          actorUserId: c.get("user").id,
          details: { dialogId: row.id },
        });
      });
      return c.json({ dialog: await summary(id) });
    })
    .post("/admin/sales/dialogs/:id/takeover", validate("param", idParam), async (c) => {
      const { id } = c.req.valid("param");
      const me = c.get("user").id;
      await locked(deps, id, async (trx, row) => {
        if (row.taken_over_by !== null && row.taken_over_by !== me)
          throw new AppError("sales.taken_over_by_other", { id });
        await cancelPendingOutbox(trx, id, ["opener", "reply"]);
        await updateSalesDialog(trx, id, {
          status: nextDialogStatus(row.status, "hand_over") ?? row.status,
          taken_over_by: me,
          taken_over_at: new Date(),
          reply_due_at: null,
        });
        await recordAudit(trx, { action: "sales.dialog_taken_over", actorUserId: me, details: { dialogId: id } });
      });
      return c.json({ dialog: await summary(id) });
    })
    .post("/admin/sales/dialogs/:id/handback", validate("param", idParam), async (c) => {
      const { id } = c.req.valid("param");
      const me = c.get("user").id;
      await locked(deps, id, async (trx, row) => {
        if (row.taken_over_by !== null && row.taken_over_by !== me)
          throw new AppError("sales.taken_over_by_other", { id });
        if (row.status !== "handed_over") throw new AppError("sales.not_taken_over", { id });
        const latest = await latestIncoming(trx, id);
        const lastOut = await trx
          .selectFrom("sales_messages")
          .where("dialog_id", "=", id)
          .where("direction", "=", "out")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirst();
        const unanswered = latest !== null && latest.id > Number(lastOut?.id ?? 0);
        const status =
          nextDialogStatus(row.status, "hand_back", {
            hasIncoming: latest !== null,
            wasQualified: row.qualified_at !== null,
          }) ?? row.status;
        await updateSalesDialog(trx, id, {
          status,
          taken_over_by: null,
          taken_over_at: null,
          llm_failures: 0,
          // The AI answers what the prospect wrote last, if nobody did.
          reply_due_at: unanswered ? new Date() : null,
        });
        await recordAudit(trx, { action: "sales.dialog_handed_back", actorUserId: me, details: { dialogId: id } });
      });
      return c.json({ dialog: await summary(id) });
    })
    .post("/admin/sales/takeover/messages", validate("json", relay), async (c) => {
      const me = c.get("user");
      const held = await currentTakeover(deps.db, me.id);
      if (!held) throw new AppError("sales.no_takeover");
      const queued = await enqueueSalesMessage(deps.db, {
        dialogId: held.id,
        accountId: held.account_id,
        kind: "admin",
        text: c.req.valid("json").text,
        authorUserId: me.id,
      });
      return c.json({ dialogId: held.id, username: held.target_username, queued: queued !== null }, 202);
    });
}

/** Runs `change` on the dialog, locked; a missing or closed dialog is refused. */
async function locked(
  deps: ApiDeps,
  id: number,
  change: (trx: Transaction<Database>, row: SalesDialogRow) => Promise<void>,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockSalesDialog(trx, id);
    if (!row) throw new AppError("sales.dialog_not_found", { id });
    if (row.status === "closed") throw new AppError("sales.dialog_closed", { id });
    await change(trx, row);
  });
}
