import { type PortalSessionRow, SESSION_LOST_REASON } from "@slotpilot/db";
import { type Locale, MAX_RELOGINS } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";

/**
 * What a seller sees of a cabinet's portal session. Never any session material: no cookies, no
 * storage, no phone beyond its hint, no pending code. `captchaUrl` serves the picture to show.
 */
export interface PortalSessionView {
  state: PortalSessionRow["state"];
  /** What a WAITING_AUTH login needs from the seller: the SMS code, the captcha text, or a cabinet. */
  waitingFor: PortalSessionRow["waiting_for"];
  /** What went wrong last (a wrong code, a lost session…), in the seller's language. */
  error: { code: string; message: string } | null;
  phone: string | null;
  captchaUrl: string | null;
  /** The phone's WB cabinets to pick from (waiting for `cabinet`). */
  cabinets: { supplierId: number; name: string }[] | null;
  /** The WB cabinet this session works in. */
  wbCabinet: { supplierId: number; name: string } | null;
  /** Re-logging in from saved state after WB dropped the session. */
  reconnecting: { attempt: number; of: number } | null;
  since: string;
  checkedAt: string | null;
}

export function portalView(row: PortalSessionRow, locale: Locale): PortalSessionView {
  const t = translator(locale);
  return {
    state: row.state,
    waitingFor: row.waiting_for,
    error: row.error_code ? { code: row.error_code, message: t(`errors.${row.error_code}`) } : null,
    phone: row.phone_hint,
    captchaUrl:
      row.state === "WAITING_AUTH" && row.waiting_for === "captcha" && row.captcha_image
        ? `/api/cabinets/${row.cabinet_id}/login/captcha?v=${row.updated_at.getTime()}`
        : null,
    cabinets: row.state === "WAITING_AUTH" && row.waiting_for === "cabinet" ? row.cabinet_choices : null,
    wbCabinet:
      row.supplier_id === null
        ? null
        : { supplierId: row.supplier_id, name: row.supplier_name ?? String(row.supplier_id) },
    reconnecting:
      row.state === "INITIALIZING" && row.relogin_attempts > 0
        ? { attempt: row.relogin_attempts, of: MAX_RELOGINS }
        : null,
    since: row.state_changed_at.toISOString(),
    checkedAt: row.checked_at?.toISOString() ?? null,
  };
}

export { SESSION_LOST_REASON };
