import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";
import { useLoad } from "../use-load.ts";
import { LoadGroup } from "./load-group.tsx";
import { SessionBadge } from "./session-badge.tsx";

/** The organization's WB cabinets with their portal sessions; a row opens the cabinet. */
export function CabinetList() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { state, retry } = useLoad(useCallback(() => api.cabinets(), [api]));
  if (state.status === "ready" && state.data.length === 0) return null;
  return (
    <LoadGroup title={t("miniapp.home.cabinets.title")} state={state} retry={retry}>
      {(cabinets) => (
        <ul className="section list">
          {cabinets.map((cabinet) => (
            <li key={cabinet.id}>
              <button type="button" className="row" onClick={() => navigate({ name: "cabinet", id: cabinet.id })}>
                <span className="row-title">{cabinet.name}</span>
                <SessionBadge state={cabinet.portal?.state ?? null} />
                <span className="chevron" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </LoadGroup>
  );
}
