import { useTranslation } from "react-i18next";
import type { PortalSession } from "../api.ts";

const TONE: Record<PortalSession["state"], string> = {
  ACTIVE: "badge-active",
  INITIALIZING: "badge-paused",
  WAITING_AUTH: "badge-paused",
  ERROR: "badge-failed",
  STOPPED: "badge-expired",
};

/** A portal session's state as a pill; none at all reads "not connected". */
export function SessionBadge({ state }: { state: PortalSession["state"] | null }) {
  const { t } = useTranslation();
  if (state === null) return <span className="badge badge-expired">{t("miniapp.cabinet.states.none")}</span>;
  return <span className={`badge ${TONE[state]}`}>{t(`miniapp.cabinet.states.${state}`)}</span>;
}
