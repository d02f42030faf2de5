import { useTranslation } from "react-i18next";
import { navigate } from "../navigation.ts";

/** A path the app does not know (an old link, a typo): say so and offer the way home. */
export function NotFoundScreen({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <main className="status-screen" role="alert">
      <span className="status-icon muted" aria-hidden="true">
        ?
      </span>
      <h1 className="status-title">{t("miniapp.notFound.title")}</h1>
      <p className="hint">{t("miniapp.notFound.body", { path })}</p>
      <button type="button" className="button" onClick={() => navigate({ name: "home" }, { replace: true })}>
        {t("miniapp.notFound.home")}
      </button>
    </main>
  );
}
