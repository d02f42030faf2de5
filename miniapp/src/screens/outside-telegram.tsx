import { useTranslation } from "react-i18next";

/** A plain browser outside demo mode: there is no one to sign in as, so say where the app lives. */
export function OutsideTelegramScreen() {
  const { t } = useTranslation();
  return (
    <main className="status-screen">
      <span className="status-icon" aria-hidden="true">
        ✈︎
      </span>
      <h1 className="status-title">{t("miniapp.outside.title")}</h1>
      <p className="hint">{t("miniapp.outside.body", { button: t("bot.openApp") })}</p>
    </main>
  );
}
