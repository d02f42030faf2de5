import { hapticFeedback } from "@telegram-apps/sdk-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { messageOf } from "../api.ts";
import { LOCALES, type Locale, languageName } from "../i18n.ts";
import { useSession } from "../session.tsx";
import { QuietHoursSection } from "./quiet-hours.tsx";

type SaveState =
  | { status: "idle" }
  | { status: "saving"; locale: Locale }
  | { status: "saved" }
  | { status: "failed"; message: string };

export function SettingsScreen() {
  const { t } = useTranslation();
  const { me, setLocale } = useSession();
  const [save, setSave] = useState<SaveState>({ status: "idle" });

  async function choose(locale: Locale) {
    hapticFeedback.selectionChanged.ifAvailable();
    setSave({ status: "saving", locale });
    try {
      await setLocale(locale);
      setSave({ status: "saved" });
    } catch (error) {
      setSave({ status: "failed", message: messageOf(error) });
    }
  }

  // The choice shows at once; the whole app switches language when the API has saved it.
  const selected = save.status === "saving" ? save.locale : me.locale;
  return (
    <main className="screen">
      <h1 className="screen-title">{t("miniapp.settings.title")}</h1>

      <fieldset className="group" disabled={save.status === "saving"}>
        <legend className="section-header">{t("miniapp.settings.language")}</legend>
        <div className="section list">
          {LOCALES.map((locale) => (
            <label key={locale} className="row">
              <input
                type="radio"
                name="locale"
                value={locale}
                checked={selected === locale}
                onChange={() => void choose(locale)}
              />
              <span className="row-title" lang={locale}>
                {languageName(locale)}
              </span>
              <span className="check" aria-hidden="true" />
            </label>
          ))}
        </div>
        <p className={save.status === "failed" ? "section-footer error" : "section-footer"} role="status">
          {save.status === "failed" ? save.message : save.status === "saved" ? t("miniapp.settings.saved") : " "}
        </p>
      </fieldset>
      <QuietHoursSection />
    </main>
  );
}
