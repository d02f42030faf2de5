import type { AdminStatus } from "@slotpilot/api/client";
import { formatAmount } from "@slotpilot/domain";
import { Composer } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";

/** Renders the admin status in the reader's language. */
export function formatAdminStatus(status: AdminStatus, t: BotContext["t"], now: Date, locale: string): string {
  const m = status.monitor;
  const ago = m.lastReadAt ? Math.max(0, Math.round((now.getTime() - Date.parse(m.lastReadAt)) / 1000)) : "—";
  const queued = status.queues.reduce((n, q) => n + q.queued, 0);
  const deadLettered = status.queues.reduce((n, q) => n + q.deadLettered, 0);
  return [
    t("admin.status.title"),
    "",
    t(`admin.status.monitor.${m.check}`, {
      count: m.usableAccounts,
      reads: Math.round(m.readsPerMinute),
      ago,
      error: m.lastError ?? t("admin.status.noError"),
    }),
    t(calendarSourceKey(m)),
    t("admin.status.portal", {
      active: status.portal.sessions.ACTIVE,
      waiting: status.portal.sessions.INITIALIZING + status.portal.sessions.WAITING_AUTH,
      failed: status.portal.sessions.ERROR,
      workers: status.portal.workers.length,
      held: status.portal.workers.reduce((n, w) => n + w.held, 0),
    }),
    t("admin.status.totals", status.totals),
    t("admin.status.queues", { queued, deadLettered }),
    formatBillingTotals(status.billing, t, locale),
  ].join("\n");
}

/**
 * What feeds the calendar: the source of the last read while the monitor reads; while its reads
 * fail, the source it tried last (the one failing, not the one that last worked); else nothing.
 */
function calendarSourceKey(m: AdminStatus["monitor"]): string {
  if (m.check === "ok" && m.source) {
    return m.source === "portal-sessions" ? "admin.status.source.portal" : "admin.status.source.feed";
  }
  if ((m.check === "stale" || m.check === "starting") && m.triedSource) {
    return m.triedSource === "portal-sessions"
      ? "admin.status.source.portalFailing"
      : "admin.status.source.feedFailing";
  }
  return "admin.status.source.none";
}

/**
 * Revenue per provider and currency, subscriptions in force, plans in force, and — when there are
 * any — replaced Stars subscriptions whose renewals are not stopped yet.
 */
function formatBillingTotals(billing: AdminStatus["billing"], t: BotContext["t"], locale: string): string {
  const revenue = billing.revenue.length
    ? billing.revenue
        .map(
          (r) => `${formatAmount(r.last30Days, r.currency, locale)} (${formatAmount(r.allTime, r.currency, locale)})`,
        )
        .join(", ")
    : "—";
  const count = (provider: "stars" | "paddle") =>
    billing.activeSubscriptions.find((s) => s.provider === provider)?.count ?? 0;
  const plans = billing.plans.map((p) => `${p.plan} ${p.count}`).join(", ") || "—";
  const stops = billing.renewalsToStop;
  return [
    t("admin.status.billing.revenue", { revenue }),
    t("admin.status.billing.subscriptions", { stars: count("stars"), paddle: count("paddle"), plans }),
    ...(stops.pending + stops.failed > 0 ? [t("admin.status.billing.renewalsToStop", stops)] : []),
  ].join("\n");
}

/**
 * `/status` for admins: the monitor's health and the service's totals, from the admin API. For
 * everyone else the command does not exist (the API refuses; the bot answers with the menu).
 */
export function adminStatusHandler(now: () => Date = () => new Date()) {
  const composer = new Composer<BotContext>();
  composer.command("status", async (ctx, next) => {
    if (ctx.seller.user.role !== "admin") return next();
    const status = await unwrap(await ctx.backend.admin.status.$get());
    await ctx.reply(formatAdminStatus(status, ctx.t, now(), ctx.seller.locale));
  });
  return composer;
}
