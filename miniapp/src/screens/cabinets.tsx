import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Cabinet, messageOf } from "../api.ts";
import { LoadFailed } from "../components/load-failed.tsx";
import { SkeletonRows } from "../components/skeleton.tsx";
import { SwitchRow } from "../components/switch-row.tsx";
import { useLiveEvents } from "../live/live.tsx";
import { useSession } from "../session.tsx";
import { haptic, useClosingConfirmation } from "../telegram/feedback.ts";
import { useMainButton } from "../telegram/main-button.ts";
import { useLoad } from "../use-load.ts";
import { cabinetState } from "./home.tsx";
import { PortalLogin } from "./portal-login.tsx";

/**
 * WB cabinets: each one's token and portal session; add one with an API token (checked by WB,
 * stored encrypted); log in to the WB portal with phone → SMS code (→ captcha) and reconnect.
 */
export function CabinetsScreen({ login }: { login?: number | undefined } = {}) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [version, setVersion] = useState(0);
  useLiveEvents((event) => {
    if (event.type === "resync" || event.type === "portal.session") setVersion((v) => v + 1);
  });
  const { state, retry } = useLoad(useCallback(() => api.cabinets(), [api, version]));
  const [name, setName] = useState("");
  const [token, setToken] = useState("");
  const [optIn, setOptIn] = useState(false);
  const [saving, setSaving] = useState(false);
  /** What the last attempt came to: the API's refusals (each under its field, when it names one), or notes. */
  const [result, setResult] = useState<{ errors?: { field?: string; message: string }[]; notes?: string[] } | null>(
    null,
  );
  // A "log in again" button from a lost-session message opens that cabinet's login at once.
  const [loginFor, setLoginFor] = useState<number | null>(login ?? null);
  const dirty = token.trim() !== "" || name.trim() !== "";
  useClosingConfirmation(dirty && !saving);

  // Without a token the cabinet is connected by logging in to the WB portal alone, as in the bot.
  const byLogin = token.trim() === "";
  // A refusal that names no field is about the token (WB refused it, or it is one already connected).
  const invalid = (field: "name" | "apiToken") =>
    result?.errors?.some((e) => e.field === field || (field === "apiToken" && e.field === undefined)) ?? false;
  const add = async () => {
    setSaving(true);
    setResult(null);
    try {
      const created = await api.addCabinet({
        name: name.trim() || t("miniapp.cabinets.defaultName"),
        ...(byLogin ? {} : { apiToken: token.trim() }),
        monitorOptIn: optIn,
      });
      haptic.success();
      setName("");
      setToken("");
      setResult({ notes: [t("miniapp.cabinets.connected", { name: created.cabinet.name }), ...created.warnings] });
      if (byLogin) setLoginFor(created.cabinet.id);
      setVersion((v) => v + 1);
    } catch (error) {
      haptic.error();
      const fields = (error as { fields?: { field: string; message: string }[] }).fields ?? [];
      setResult({ errors: fields.length > 0 ? fields : [{ message: messageOf(error) }] });
    } finally {
      setSaving(false);
    }
  };
  useMainButton({
    text: byLogin ? t("miniapp.cabinets.connectByLogin") : t("miniapp.cabinets.connect"),
    visible: dirty,
    loading: saving,
    onClick: () => void add(),
  });

  return (
    <main className="screen">
      <h1 className="screen-title">{t("miniapp.cabinets.title")}</h1>
      {state.status === "loading" ? (
        <SkeletonRows rows={2} />
      ) : state.status === "failed" ? (
        <LoadFailed message={state.message} onRetry={retry} />
      ) : state.data.cabinets.length === 0 ? (
        <p className="section section-text hint">{t("miniapp.cabinets.empty")}</p>
      ) : (
        <ul className="section list">
          {state.data.cabinets.map((cabinet) => (
            <CabinetRow
              key={cabinet.id}
              cabinet={cabinet}
              loggingIn={loginFor === cabinet.id}
              onLogin={() => setLoginFor(loginFor === cabinet.id ? null : cabinet.id)}
              onChanged={() => setVersion((v) => v + 1)}
            />
          ))}
        </ul>
      )}

      <section className="group">
        <h2 className="section-header">{t("miniapp.cabinets.addTitle")}</h2>
        <div className="section form-section">
          <label className={invalid("name") ? "field field-invalid" : "field"}>
            <span className="field-label">{t("miniapp.cabinets.name")}</span>
            <input
              className="input"
              value={name}
              placeholder={t("miniapp.cabinets.defaultName")}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label className={invalid("apiToken") ? "field field-invalid" : "field"}>
            <span className="field-label">{t("miniapp.cabinets.token.label")}</span>
            <textarea
              className="input textarea"
              value={token}
              rows={3}
              autoComplete="off"
              spellCheck={false}
              placeholder={t("miniapp.cabinets.token.placeholder")}
              onChange={(e) => setToken(e.target.value)}
            />
            {byLogin && !result?.errors ? (
              <span className="field-hint">{t("miniapp.cabinets.token.optional")}</span>
            ) : null}
          </label>
          {result?.errors?.map((error) => (
            <p key={`${error.field ?? ""}:${error.message}`} className="field-error" role="alert">
              {error.message}
            </p>
          ))}
          <SwitchRow title={t("miniapp.cabinets.optIn")} checked={optIn} onChange={setOptIn} />
        </div>
        <p className="section-footer">
          {state.status === "ready" ? state.data.monitorOptInExplained : t("miniapp.cabinets.token.hint")}
        </p>
        {result?.notes ? (
          <div className="section section-text" role="status">
            {result.notes.map((note) => (
              <p key={note}>{note}</p>
            ))}
          </div>
        ) : null}
      </section>
      {loginFor !== null ? <PortalLogin cabinetId={loginFor} onDone={() => setVersion((v) => v + 1)} /> : null}
    </main>
  );
}

function CabinetRow({
  cabinet,
  loggingIn,
  onLogin,
  onChanged,
}: {
  cabinet: Cabinet;
  loggingIn: boolean;
  onLogin: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [confirm, setConfirm] = useState(false);
  // Portal login exists where the API reports portal sessions (`portal` present, even as null).
  const canLogin = cabinet.portal !== undefined && cabinet.portal?.state !== "ACTIVE";
  return (
    <li className="cabinet">
      <div className="row">
        <span className="row-title row-stack">
          <span className="row-main">{cabinet.name}</span>
          <span className="row-sub">{cabinetState(cabinet, t)}</span>
        </span>
      </div>
      <div className="cabinet-actions">
        {canLogin ? (
          <button type="button" className="link-button" aria-expanded={loggingIn} onClick={onLogin}>
            {cabinet.portal ? t("miniapp.cabinets.reconnect") : t("miniapp.cabinets.login")}
          </button>
        ) : null}
        {confirm ? (
          <button
            type="button"
            className="link-button destructive"
            onClick={() =>
              void api.removeCabinet(cabinet.id).then(
                () => {
                  haptic.success();
                  onChanged();
                },
                () => haptic.error(),
              )
            }
          >
            {t("miniapp.cabinets.removeConfirm")}
          </button>
        ) : (
          <button type="button" className="link-button destructive" onClick={() => setConfirm(true)}>
            {t("miniapp.cabinets.remove")}
          </button>
        )}
      </div>
    </li>
  );
}
