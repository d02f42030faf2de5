import {
  cancelSalesLogin,
  createSalesLogin,
  getSalesLogin,
  listSalesAccounts,
  recordAudit,
  type SalesLoginView,
  setSalesAccountEnabled,
  submitSalesLoginSecret,
} from "@slotpilot/db";
import { AppError, localDay, normalizeLoginCode, normalizePhone, parseProxy, proxyLabel } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { adminsOnly } from "../middleware/admins-only.ts";
import { validate } from "../validate.ts";

export interface SalesLoginBody {
  id: number;
  phone: string;
  status: SalesLoginView["status"];
  codeVia: string | null;
  passwordHint: string | null;
  error: string | null;
  expiresAt: string;
}

const loginBody = (l: SalesLoginView): SalesLoginBody => ({
  id: l.id,
  phone: l.phone,
  status: l.status,
  codeVia: l.codeVia,
  passwordHint: l.passwordHint,
  error: l.error,
  expiresAt: l.expiresAt.toISOString(),
});

const idParam = z.object({ id: z.coerce.number().int().positive() });
const newLogin = z.object({ phone: z.string().max(32), proxy: z.string().max(512).optional() }).strict();
const code = z.object({ code: z.string().max(32) }).strict();
const password = z.object({ password: z.string().min(1).max(256) }).strict();
const toggle = z.object({ phone: z.string().max(32), enabled: z.boolean() }).strict();

/**
 * Sales accounts for admins: logins (the worker asks Telegram for the code; the admin's code and
 * 2FA password are handed to it sealed), the account list with today's usage, enable/disable.
 */
export function adminSalesAccountRoutes(deps: ApiDeps) {
  const sales = deps.config.sales;
  const today = () => localDay(deps.now?.() ?? new Date(), sales.timeZone);
  const on = () => {
    if (sales.telegram.kind === "off") throw new AppError("sales.off");
  };
  const phoneOf = (input: string) => {
    const phone = normalizePhone(input);
    if (!phone) throw new AppError("sales.phone_invalid", { phone: input });
    return phone;
  };
  return new Hono<AppEnv>()
    .use("/admin/sales/*", adminsOnly)
    .get("/admin/sales/accounts", async (c) => {
      const accounts = await listSalesAccounts(deps.db, today());
      return c.json({
        mode: sales.telegram.kind,
        limit: sales.limits.maxDailyMessages,
        accounts: accounts.map((a) => ({
          phone: a.phone,
          username: a.username,
          status: a.status,
          pauseReason: a.pauseReason,
          sleepUntil: a.sleepUntil?.toISOString() ?? null,
          lastUsedAt: a.lastUsedAt?.toISOString() ?? null,
          messagesToday: a.messagesToday,
          proxyLabel: a.proxyLabel,
        })),
      });
    })
    .patch("/admin/sales/accounts", validate("json", toggle), async (c) => {
      const input = c.req.valid("json");
      const phone = phoneOf(input.phone);
      const account = await setSalesAccountEnabled(deps.db, phone, input.enabled);
      if (!account) throw new AppError("sales.account_not_found", { phone });
      await recordAudit(deps.db, {
        action: input.enabled ? "sales.account_enabled" : "sales.account_disabled",
        actorUserId: c.get("user").id,
        details: { phone },
      });
      return c.json({ account: { phone, status: account.status } });
    })
    .post("/admin/sales/logins", validate("json", newLogin), async (c) => {
      on();
      const input = c.req.valid("json");
      const phone = phoneOf(input.phone);
      const proxy = input.proxy?.trim() ? parseProxy(input.proxy) : null;
      if (input.proxy?.trim() && !proxy) throw new AppError("sales.proxy_invalid");
      const user = c.get("user");
      const created = await createSalesLogin(deps.db, deps.config.encryptionKey, {
        phone,
        requestedBy: user.id,
        chatId: user.telegram_id,
        proxyUrl: proxy ? (input.proxy?.trim() ?? null) : null,
        proxyLabel: proxy ? proxyLabel(proxy) : null,
      });
      if (!created.ok)
        throw new AppError(created.reason === "account_exists" ? "sales.account_exists" : "sales.login_pending", {
          phone,
        });
      await recordAudit(deps.db, { action: "sales.login_requested", actorUserId: user.id, details: { phone } });
      return c.json({ login: loginBody(created.login) }, 201);
    })
    .get("/admin/sales/logins/:id", validate("param", idParam), async (c) => {
      const login = await getSalesLogin(deps.db, c.req.valid("param").id);
      if (!login) throw new AppError("sales.login_not_found");
      return c.json({ login: loginBody(login) });
    })
    .post("/admin/sales/logins/:id/code", validate("param", idParam), validate("json", code), async (c) => {
      const value = normalizeLoginCode(c.req.valid("json").code);
      if (!value) throw new AppError("sales.code_format");
      return c.json({ login: loginBody(await submit(deps, c.req.valid("param").id, "code", value)) });
    })
    .post("/admin/sales/logins/:id/password", validate("param", idParam), validate("json", password), async (c) => {
      const login = await submit(deps, c.req.valid("param").id, "password", c.req.valid("json").password);
      return c.json({ login: loginBody(login) });
    })
    .delete("/admin/sales/logins/:id", validate("param", idParam), async (c) => {
      const login = await cancelSalesLogin(deps.db, c.req.valid("param").id);
      if (!login) throw new AppError("sales.login_not_found");
      return c.json({ login: loginBody(login) });
    });
}

async function submit(deps: ApiDeps, id: number, what: "code" | "password", value: string): Promise<SalesLoginView> {
  const result = await submitSalesLoginSecret(deps.db, deps.config.encryptionKey, id, what, value);
  if (!result) throw new AppError("sales.login_not_found");
  if (!result.accepted) throw new AppError("sales.login_not_waiting", { status: result.login.status });
  return result.login;
}
