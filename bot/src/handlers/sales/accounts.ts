import { Composer } from "grammy";
import { unwrap } from "../../api-call.ts";
import type { BotContext } from "../../context.ts";
import { isAdmin } from "./common.ts";

type AccountsBody = Awaited<
  ReturnType<Awaited<ReturnType<BotContext["backend"]["admin"]["sales"]["accounts"]["$get"]>>["json"]>
>;

const ICONS = { active: "🟢", paused: "⛔", disabled: "⚪" } as const;

/** The account list as an admin reads it: status, today's messages against the limit, last use, pause reason. */
export function formatAccounts(body: AccountsBody, t: BotContext["t"], locale: string, now: Date): string {
  const mode = t(`sales.bot.accounts.mode.${body.mode}`);
  if (body.accounts.length === 0) return [t("sales.bot.accounts.empty"), mode].filter(Boolean).join("\n\n");
  const when = new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    timeZone: "Europe/Moscow",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
  const lines = body.accounts.map((a) => {
    const sleeping = a.status === "active" && a.sleepUntil && Date.parse(a.sleepUntil) > now.getTime();
    return t("sales.bot.accounts.line", {
      icon: sleeping ? "😴" : ICONS[a.status],
      phone: a.phone,
      username: a.username ? ` (@${a.username})` : "",
      status: sleeping
        ? t("sales.bot.accounts.status.sleeping", { until: when.format(new Date(a.sleepUntil ?? 0)) })
        : t(`sales.bot.accounts.status.${a.status}`),
      today: a.messagesToday,
      limit: body.limit,
      lastUsed: a.lastUsedAt ? when.format(new Date(a.lastUsedAt)) : t("sales.bot.accounts.never"),
      reason: a.status === "paused" && a.pauseReason ? t("sales.bot.accounts.reason", { reason: a.pauseReason }) : "",
      proxy: a.proxyLabel ? t("sales.bot.accounts.proxy", { proxy: a.proxyLabel }) : "",
    });
  });
  return [t("sales.bot.accounts.title", { limit: body.limit }), ...lines, mode ? `\n${mode}` : ""].join("\n").trim();
}

/** `/list_accounts`, `/disable_account <phone>`, `/enable_account <phone>`. */
export function salesAccountCommands(now: () => Date = () => new Date()) {
  const composer = new Composer<BotContext>();
  const admins = composer.filter(isAdmin);
  admins.command("list_accounts", async (ctx) => {
    const body = await unwrap(await ctx.backend.admin.sales.accounts.$get());
    await ctx.reply(formatAccounts(body, ctx.t, ctx.locale, now()));
  });
  for (const [command, enabled] of [
    ["disable_account", false],
    ["enable_account", true],
  ] as const) {
    admins.command(command, async (ctx) => {
      const phone = ctx.match.trim();
      if (!phone) return ctx.reply(ctx.t("sales.bot.accounts.phoneUsage", { command }));
      const { account } = await unwrap(await ctx.backend.admin.sales.accounts.$patch({ json: { phone, enabled } }));
      return ctx.reply(
        ctx.t(enabled ? "sales.bot.accounts.enabled" : "sales.bot.accounts.disabled", { phone: account.phone }),
      );
    });
  }
  return composer;
}
