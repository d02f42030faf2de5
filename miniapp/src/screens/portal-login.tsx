import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, messageOf, type PortalSession } from "../api.ts";
import { useSession } from "../session.tsx";
import { haptic } from "../telegram/feedback.ts";

/**
 * Logging a cabinet in to the WB seller portal inside the app: phone → the SMS code (→ the
 * captcha picture when WB asks). Drives the portal-session routes; a server without them says so.
 */
export function PortalLogin({ cabinetId, onDone }: { cabinetId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [session, setSession] = useState<PortalSession | null>(null);
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [captcha, setCaptcha] = useState<string | null>(null);

  useEffect(() => {
    const url = session?.captchaUrl;
    if (!url) return undefined;
    let objectUrl: string | undefined;
    api.portal.captchaImage(url).then(
      (u) => {
        objectUrl = u;
        setCaptcha(u);
      },
      () => setCaptcha(null),
    );
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, session?.captchaUrl]);

  const step: "phone" | "code" | "captcha" | "cabinet" | "waiting" | "done" =
    !session || session.state === "ERROR" || session.state === "STOPPED"
      ? "phone"
      : session.state === "ACTIVE"
        ? "done"
        : session.state === "INITIALIZING"
          ? "waiting"
          : session.waitingFor === "captcha"
            ? "captcha"
            : session.waitingFor === "cabinet"
              ? "cabinet"
              : "code";

  const send = async (supplierId?: number) => {
    setBusy(true);
    setError(null);
    try {
      const answer =
        supplierId !== undefined
          ? await api.portal.cabinet(cabinetId, supplierId)
          : step === "phone"
            ? await api.portal.start(cabinetId, input)
            : step === "captcha"
              ? await api.portal.captcha(cabinetId, input)
              : step === "waiting"
                ? await api.portal.read(cabinetId)
                : await api.portal.code(cabinetId, input.replace(/\s+/g, ""));
      setSession(answer.session);
      setInput("");
      if (answer.session?.state === "ACTIVE") {
        haptic.success();
        onDone();
      }
    } catch (e) {
      haptic.error();
      setError(e instanceof ApiError && e.code === "route.not_found" ? t("miniapp.login.unavailable") : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const prompt = {
    phone: t("miniapp.login.phone"),
    code: t("miniapp.login.code", { phone: session?.phone ?? "" }),
    captcha: t("miniapp.login.captcha"),
    cabinet: t("miniapp.login.chooseCabinet"),
    waiting: t("miniapp.login.waiting"),
    done: t("miniapp.login.done"),
  }[step];

  return (
    <section className="group" aria-label={t("miniapp.login.title")}>
      <h2 className="section-header">{t("miniapp.login.title")}</h2>
      <form
        className="section form-section"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <p>{prompt}</p>
        {session?.error ? <p className="field-error">{session.error.message}</p> : null}
        {step === "captcha" && captcha ? (
          <img className="captcha" src={captcha} alt={t("miniapp.login.captchaAlt")} />
        ) : null}
        {step === "cabinet" ? (
          <div className="list">
            {(session?.cabinets ?? []).map((c) => (
              <button
                key={c.supplierId}
                type="button"
                className="row"
                disabled={busy}
                onClick={() => void send(c.supplierId)}
              >
                <span className="row-title">{c.name}</span>
                <span className="chevron" aria-hidden="true" />
              </button>
            ))}
          </div>
        ) : null}
        {step !== "done" && step !== "waiting" && step !== "cabinet" ? (
          <input
            className="input"
            value={input}
            inputMode={step === "captcha" ? "text" : "tel"}
            autoComplete={step === "code" ? "one-time-code" : "tel"}
            aria-label={prompt}
            onChange={(e) => setInput(e.target.value)}
          />
        ) : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        {step !== "done" && step !== "cabinet" ? (
          <button type="submit" className="button" disabled={busy || (step !== "waiting" && input.trim() === "")}>
            {busy ? <span className="spinner spinner-light" aria-hidden="true" /> : null}
            {step === "waiting" ? t("miniapp.error.retry") : t("miniapp.login.send")}
          </button>
        ) : null}
      </form>
    </section>
  );
}
