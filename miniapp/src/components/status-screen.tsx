import { useTranslation } from "react-i18next";

/** Shown while the app signs in and loads the user. */
export function LoadingScreen() {
  const { t } = useTranslation();
  return (
    <main className="status-screen" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      <p className="hint">{t("miniapp.loading")}</p>
    </main>
  );
}

/** A failure the user can do something about: the message says what, the button retries. */
export function ErrorScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="status-screen" role="alert">
      <h1 className="status-title">{t("miniapp.error.title")}</h1>
      <p className="hint">{message}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t("miniapp.error.retry")}
      </button>
    </main>
  );
}
