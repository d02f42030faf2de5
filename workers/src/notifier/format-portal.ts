import { effectiveLocale, type Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";

/** A `portal.session_lost` payload (see `enqueuePortalNotice`), checked: rows may be older than this code. */
export interface PortalNoticePayload {
  organizationId: number;
  cabinetId: number;
  cabinetName: string;
  pausedTasks: number;
  audience: "member" | "admin";
}

export function parsePortalNoticePayload(payload: unknown): PortalNoticePayload | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const int = (v: unknown) => typeof v === "number" && Number.isInteger(v);
  if (!int(p.organizationId) || !int(p.cabinetId) || !int(p.pausedTasks) || typeof p.cabinetName !== "string")
    return null;
  if (p.audience !== "member" && p.audience !== "admin") return null;
  return {
    organizationId: p.organizationId as number,
    cabinetId: p.cabinetId as number,
    cabinetName: p.cabinetName,
    pausedTasks: p.pausedTasks as number,
    audience: p.audience,
  };
}

/**
 * The seller's message when a portal session is lost for good: what happened, what is paused, and
 * one tap back in — a button to the cabinet's screen in the Mini App, where logging in again takes
 * the SMS code only. Admins get the facts without the button (the cabinet is not theirs to open).
 */
export function formatPortalNotice(notice: PortalNoticePayload, locale: Locale, publicUrl: string): TelegramMessage {
  const t = translator(effectiveLocale({ locale, language_code: null }));
  if (notice.audience === "admin") {
    return {
      text: t("portalNotices.adminSessionLost", {
        cabinet: notice.cabinetName,
        cabinetId: notice.cabinetId,
        organizationId: notice.organizationId,
        count: notice.pausedTasks,
      }),
    };
  }
  const text = [
    t("portalNotices.sessionLost", { cabinet: notice.cabinetName }),
    notice.pausedTasks > 0
      ? t("portalNotices.tasksPaused", { count: notice.pausedTasks })
      : t("portalNotices.noTasksPaused"),
  ].join("\n\n");
  // The Mini App's cabinets screen with this cabinet's login already open.
  const url = `${publicUrl.replace(/\/$/, "")}/cabinets?login=${notice.cabinetId}`;
  const label = t("portalNotices.logIn");
  // Telegram opens web_app buttons only for HTTPS: a plain-HTTP deployment gets a link.
  const button = url.startsWith("https://") ? { text: label, web_app: { url } } : { text: label, url };
  return { text, replyMarkup: { inline_keyboard: [[button]] } };
}
