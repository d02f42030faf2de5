import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";
import { useLoad } from "../use-load.ts";
import { SessionBadge } from "./session-badge.tsx";

/** The organization's WB cabinets with their portal sessions; a row opens the cabinet. */
export function CabinetList() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { state, retry } = useLoad(useCallback(() => api.cabinets(), [api]));
  if (state.status === "ready" && state.data.length === 0) return null;
  return (
    <section className="group" aria-busy={state.status === "loading"}>
      <h2 className="section-header">{t("miniapp.home.cabinets.title")}</h2>
      {state.status === "loading" ? (
        <div className="section section-loading">
          <span className="spinner" aria-hidden="true" />
        </div>
      ) : state.status === "failed" ? (
        <div className="section section-text" role="alert">
          <p className="error-text">{state.message}</p>
          <button type="button" className="link-button" onClick={retry}>
            {t("miniapp.error.retry")}
          </button>
        </div>
      ) : (
        <ul className="section list">
          {state.data.map((cabinet) => (
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
    </section>
  );
}
