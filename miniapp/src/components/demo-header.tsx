import { useTranslation } from "react-i18next";
import { useDemoBackButton } from "../telegram/demo-session.ts";

/**
 * In demo mode there is no Telegram around the app, so this stands in for Telegram's header: the
 * app's name and, while the app has asked Telegram to show it, the Back button.
 */
export function DemoHeader() {
  const { t } = useTranslation();
  const back = useDemoBackButton();
  return (
    <div className="demo-header">
      <div className="demo-bar">
        {back.visible ? (
          <button type="button" className="demo-back" onClick={back.press}>
            <span className="demo-back-arrow" aria-hidden="true" />
            {t("miniapp.demo.back")}
          </button>
        ) : null}
        <span className="demo-title">{t("common.appName")}</span>
      </div>
      <p className="demo-banner" role="note">
        {t("miniapp.demo.banner")}
      </p>
    </div>
  );
}
