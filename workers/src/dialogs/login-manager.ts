import { claimLoginWork, type LoginWork, sealAccountSecrets, updateSalesLogin } from "@slotpilot/db";
import { parseProxy, proxyLabel } from "@slotpilot/domain";
import { type PendingLogin, pickDevice, TelegramUserError } from "@slotpilot/telegram-user";
import type { EngineContext } from "./context.ts";

/** A login whose worker has not touched it for this long lost its live client (worker restarted). */
const STALE_MS = 60_000;

/**
 * Logins requested by admins with /add_account. Code request and sign-in happen on one live
 * client per login, kept here in memory (the row is the durable part); the client is closed when
 * the login completes, fails, is cancelled or expires. Each step is reported to the admin's chat.
 */
export class LoginManager {
  readonly #ctx: EngineContext;
  readonly #live = new Map<
    number,
    { pending: PendingLogin; device: ReturnType<typeof pickDevice>; proxyUrl: string | null }
  >();

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  async tick(): Promise<void> {
    const work = await claimLoginWork(this.#ctx.db, this.#ctx.key, this.#ctx.owner, STALE_MS);
    const mine = new Set(work.map((w) => w.id));
    // Logins that ended elsewhere (cancelled by the admin): close their clients.
    for (const [id, live] of this.#live) {
      if (!mine.has(id)) {
        this.#live.delete(id);
        await live.pending.close();
      }
    }
    for (const login of work) {
      try {
        await this.#step(login);
      } catch (err) {
        this.#ctx.log.warn("sales login step failed", { loginId: login.id, err });
      }
    }
  }

  async closeAll(): Promise<void> {
    for (const live of this.#live.values()) await live.pending.close();
    this.#live.clear();
  }

  async #step(login: LoginWork): Promise<void> {
    const live = this.#live.get(login.id);
    if (login.expired) return this.#end(login, "expired", "login_expired", {});
    if (login.status === "requested") return this.#requestCode(login);
    if (!live) {
      // Code or password pending on a client this process never had: the worker that had it is gone.
      return this.#end(login, "failed", "login_failed", { error: "interrupted" });
    }
    if (login.status === "code_submitted" && login.code) {
      return this.#advance(login, live, () => live.pending.submitCode(login.code ?? ""));
    }
    if (login.status === "password_submitted" && login.password) {
      return this.#advance(login, live, () => live.pending.submitPassword(login.password ?? ""));
    }
  }

  async #requestCode(login: LoginWork): Promise<void> {
    const device = pickDevice(this.#ctx.random());
    const proxy = login.proxyUrl ? parseProxy(login.proxyUrl) : null;
    try {
      const pending = await this.#ctx.port.beginLogin({ phone: login.phone, device, proxy });
      this.#live.set(login.id, { pending, device, proxyUrl: login.proxyUrl });
      await this.#ctx.db.transaction().execute(async (trx) => {
        await updateSalesLogin(trx, login.id, { status: "code_sent", codeVia: pending.codeVia });
        await this.#tell(trx, login, `login_code_sent_${pending.codeVia}`, {}, "code");
      });
    } catch (err) {
      await this.#end(login, "failed", "login_failed", { error: reason(err) });
    }
  }

  async #advance(
    login: LoginWork,
    live: { pending: PendingLogin; device: ReturnType<typeof pickDevice>; proxyUrl: string | null },
    step: () => ReturnType<PendingLogin["submitCode"]>,
  ): Promise<void> {
    const ctx = this.#ctx;
    try {
      const result = await step();
      if (result.status === "password_needed") {
        await ctx.db.transaction().execute(async (trx) => {
          await updateSalesLogin(trx, login.id, { status: "password_needed", passwordHint: result.hint });
          await this.#tell(trx, login, "login_password_needed", { hint: result.hint ?? "—" }, "password");
        });
        return;
      }
      const proxy = live.proxyUrl ? parseProxy(live.proxyUrl) : null;
      await ctx.db.transaction().execute(async (trx) => {
        const account = await trx
          .insertInto("sales_accounts")
          .values({
            phone: login.phone,
            telegram_user_id: result.user.userId,
            username: result.user.username,
            ...sealAccountSecrets(ctx.key, login.phone, result.session, live.proxyUrl),
            proxy_label: proxy ? proxyLabel(proxy) : null,
            device_model: live.device.deviceModel,
            system_version: live.device.systemVersion,
            app_version: live.device.appVersion,
            lang_code: live.device.langCode,
            system_lang_code: live.device.systemLangCode,
            created_by: login.requestedBy,
          })
          .onConflict((oc) => oc.column("phone").doNothing())
          .returning("id")
          .executeTakeFirst();
        await updateSalesLogin(
          trx,
          login.id,
          account ? { status: "done", accountId: account.id } : { status: "failed", error: "account_exists" },
        );
        await this.#tell(
          trx,
          login,
          account ? "login_done" : "login_failed",
          account ? { username: result.user.username ?? "—" } : { error: "account_exists" },
          "end",
        );
      });
      this.#live.delete(login.id);
      await live.pending.close();
    } catch (err) {
      const kind = err instanceof TelegramUserError ? err.kind : "unknown";
      if (kind === "code_invalid" || kind === "password_invalid") {
        const back = kind === "code_invalid" ? "code_sent" : "password_needed";
        await ctx.db.transaction().execute(async (trx) => {
          await updateSalesLogin(trx, login.id, { status: back, error: kind });
          await this.#tell(
            trx,
            login,
            kind === "code_invalid" ? "login_code_invalid" : "login_password_invalid",
            {},
            `retry:${Date.now()}`,
          );
        });
        return;
      }
      await this.#end(login, "failed", "login_failed", { error: reason(err) });
    }
  }

  async #end(
    login: LoginWork,
    status: "failed" | "expired",
    event: string,
    params: Record<string, string>,
  ): Promise<void> {
    const live = this.#live.get(login.id);
    this.#live.delete(login.id);
    await live?.pending.close();
    await this.#ctx.db.transaction().execute(async (trx) => {
      await updateSalesLogin(trx, login.id, { status, error: params.error ?? status });
      await this.#tell(trx, login, event, params, "end");
    });
  }

  #tell(
    trx: Parameters<EngineContext["tellAdmins"]>[0],
    login: LoginWork,
    event: string,
    params: Record<string, string | number>,
    step: string,
  ) {
    return this.#ctx.tellAdmins(trx, event, { phone: login.phone, ...params }, `login:${login.id}:${step}`, [
      login.chatId,
    ]);
  }
}

function reason(err: unknown): string {
  return err instanceof TelegramUserError ? err.kind : "unknown";
}
