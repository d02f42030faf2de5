import { useTranslation } from "react-i18next";

/** A section that could not load: what went wrong, and a way to try again. */
export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="section section-text" role="alert">
      <p className="error-text">{message}</p>
      <button type="button" className="link-button" onClick={onRetry}>
        {t("miniapp.error.retry")}
      </button>
    </div>
  );
}
