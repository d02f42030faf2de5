import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Cabinet, messageOf, type PortalSession } from "../api.ts";
import { Fact } from "../components/fact.tsx";
import { SessionBadge } from "../components/session-badge.tsx";
import { ErrorScreen, LoadingScreen, NotFoundScreen } from "../components/status-screen.tsx";
import { useSession } from "../session.tsx";
import { useLoad } from "../use-load.ts";

/**
 * A WB cabinet and its seller-portal session: where the seller logs in (phone → SMS code, a captcha
 * picture when WB shows one, a choice of cabinets), and where a "log in again" button of a
 * lost-session message leads.
 */
export function CabinetScreen({ id }: { id: number }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const { state, retry } = useLoad(useCallback(() => api.cabinet(id), [api, id]));
  if (state.status === "loading") return <LoadingScreen />;
  if (state.status === "failed") {
    if (state.code === "cabinet.not_found")
      return <NotFoundScreen title={t("miniapp.cabinet.notFound")} message={state.message} />;
    return <ErrorScreen message={state.message} onRetry={retry} />;
  }
  return <CabinetDetails cabinet={state.data} />;
}

function CabinetDetails({ cabinet }: { cabinet: Cabinet }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [session, setSession] = useState<PortalSession | null>(cabinet.portal);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // While a worker is still starting (or re-logging in), look again every two seconds.
  const initializing = session?.state === "INITIALIZING";
  useEffect(() => {
    if (!initializing) return;
    const timer = setInterval(() => {
      api.cabinet(cabinet.id).then(
        (c) => setSession(c.portal),
        () => {},
      );
    }, 2_000);
    return () => clearInterval(timer);
  }, [api, cabinet.id, initializing]);

  const act = async (step: () => Promise<PortalSession | null>) => {
    setBusy(true);
    setFailure(null);
    try {
      setSession(await step());
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const login = api.login;
  const id = cabinet.id;

  return (
    <main className="screen">
      <header className="screen-header">
        <h1 className="screen-title">{cabinet.name}</h1>
        <SessionBadge state={session?.state ?? null} />
      </header>

      <section className="group">
        <dl className="section facts">
          <Fact label={t("miniapp.cabinet.token")}>
            {cabinet.tokenType ? t(`miniapp.cabinet.tokens.${cabinet.tokenType}`) : t("miniapp.cabinet.tokens.none")}
          </Fact>
          <Fact label={t("miniapp.cabinet.wbCabinet")}>{session?.wbCabinet?.name ?? "—"}</Fact>
          {session?.phone ? <Fact label={t("miniapp.cabinet.phone")}>{session.phone}</Fact> : null}
        </dl>
      </section>

      <section className="group">
        <h2 className="section-header">{t("miniapp.cabinet.portal")}</h2>
        <div className="section section-text">
          {session?.error ? (
            <p className="error-text" role="alert">
              {session.error.message}
            </p>
          ) : null}
          {failure ? (
            <p className="error-text" role="alert">
              {failure}
            </p>
          ) : null}
          <Step
            session={session}
            busy={busy}
            onPhone={(phone) => act(() => login.start(id, phone))}
            onAgain={() => act(() => login.start(id))}
            onCode={(code) => act(() => login.code(id, code))}
            onCaptcha={(answer) => act(() => login.captcha(id, answer))}
            onCabinet={(supplierId) => act(() => login.cabinet(id, supplierId))}
            onStop={() => act(() => login.stop(id))}
          />
        </div>
      </section>
    </main>
  );
}

interface StepProps {
  session: PortalSession | null;
  busy: boolean;
  onPhone(phone: string): void;
  onAgain(): void;
  onCode(code: string): void;
  onCaptcha(answer: string): void;
  onCabinet(supplierId: number): void;
  onStop(): void;
}

/** What the seller can do next, by the session's state. */
function Step(props: StepProps) {
  const { t } = useTranslation();
  const { session, busy } = props;
  if (session?.state === "ACTIVE") {
    return (
      <>
        <p className="hint">{t("miniapp.cabinet.active")}</p>
        <button type="button" className="link-button" disabled={busy} onClick={props.onStop}>
          {t("miniapp.cabinet.disconnect")}
        </button>
      </>
    );
  }
  if (session?.state === "INITIALIZING") {
    return (
      <p className="hint" aria-busy="true">
        <span className="spinner" aria-hidden="true" />{" "}
        {session.reconnecting
          ? t("miniapp.cabinet.reconnecting", session.reconnecting)
          : t("miniapp.cabinet.initializing")}
      </p>
    );
  }
  if (session?.state === "WAITING_AUTH" && session.waitingFor === "code") {
    return (
      <OneField
        key="code"
        label={t("miniapp.cabinet.code")}
        hint={t("miniapp.cabinet.codeHint", { phone: session.phone ?? "" })}
        button={t("miniapp.cabinet.send")}
        busy={busy}
        input={{ inputMode: "numeric", autoComplete: "one-time-code", maxLength: 8 }}
        onSubmit={props.onCode}
      />
    );
  }
  if (session?.state === "WAITING_AUTH" && session.waitingFor === "captcha" && session.captchaUrl) {
    return (
      <>
        <CaptchaPicture url={session.captchaUrl} />
        <OneField
          key={session.captchaUrl}
          label={t("miniapp.cabinet.captcha")}
          button={t("miniapp.cabinet.send")}
          busy={busy}
          input={{ autoComplete: "off" }}
          onSubmit={props.onCaptcha}
        />
      </>
    );
  }
  if (session?.state === "WAITING_AUTH" && session.waitingFor === "cabinet" && session.cabinets) {
    return (
      <>
        <p className="hint">{t("miniapp.cabinet.choose")}</p>
        <ul className="list">
          {session.cabinets.map((c) => (
            <li key={c.supplierId}>
              <button type="button" className="row" disabled={busy} onClick={() => props.onCabinet(c.supplierId)}>
                <span className="row-title">{c.name}</span>
                <span className="chevron" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      </>
    );
  }
  // Not connected, stopped or failed: log in (again).
  return (
    <>
      <p className="hint">{t("miniapp.cabinet.intro")}</p>
      {session?.phone ? (
        <button type="button" className="button" disabled={busy} onClick={props.onAgain}>
          {t("miniapp.cabinet.again", { phone: session.phone })}
        </button>
      ) : null}
      <OneField
        key="phone"
        label={t("miniapp.cabinet.phoneField")}
        button={t("miniapp.cabinet.getCode")}
        busy={busy}
        initial="+7"
        input={{ type: "tel", autoComplete: "tel", inputMode: "tel" }}
        onSubmit={props.onPhone}
      />
    </>
  );
}

function OneField(props: {
  label: string;
  hint?: string;
  button: string;
  busy: boolean;
  initial?: string;
  input: { type?: string; inputMode?: "numeric" | "tel"; autoComplete?: string; maxLength?: number };
  onSubmit(value: string): void;
}) {
  const [value, setValue] = useState(props.initial ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) props.onSubmit(value.trim());
  };
  return (
    <form className="field-form" onSubmit={submit}>
      <label className="field">
        <span className="field-label">{props.label}</span>
        <input className="field-input" value={value} onChange={(e) => setValue(e.target.value)} {...props.input} />
      </label>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      <button type="submit" className="button" disabled={props.busy || !value.trim()}>
        {props.button}
      </button>
    </form>
  );
}

function CaptchaPicture({ url }: { url: string }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    api.captchaImage(url).then(
      (made) => {
        objectUrl = made;
        setSrc(made);
      },
      () => setSrc(null),
    );
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, url]);
  return src ? (
    <img className="captcha" src={src} alt={t("miniapp.cabinet.captchaAlt")} />
  ) : (
    <span className="spinner" />
  );
}
