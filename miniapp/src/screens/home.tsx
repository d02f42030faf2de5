import { useTranslation } from "react-i18next";
import { CabinetList } from "../components/cabinet-list.tsx";
import { TaskList } from "../components/task-list.tsx";
import { languageName } from "../i18n.ts";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";

export function HomeScreen() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <main className="screen">
      <header className="hero">
        <span className="avatar" aria-hidden="true">
          {initials(me.user.firstName, me.user.lastName)}
        </span>
        <h1 className="hero-title">{t("miniapp.home.greeting", { name: me.user.firstName })}</h1>
        <p className="hint">{t("miniapp.home.organization", { name: me.organization.name })}</p>
      </header>

      <section className="section">
        <p className="section-text">{t("miniapp.home.intro")}</p>
      </section>

      <TaskList />

      <CabinetList />

      <nav className="section list">
        <button type="button" className="row" onClick={() => navigate({ name: "settings" })}>
          <span className="row-icon" aria-hidden="true">
            ⚙︎
          </span>
          <span className="row-title">{t("miniapp.home.settings")}</span>
          <span className="row-value">{languageName(me.locale)}</span>
          <span className="chevron" aria-hidden="true" />
        </button>
      </nav>
    </main>
  );
}

function initials(firstName: string, lastName: string | null): string {
  return [firstName, lastName]
    .map((name) => name?.trim().charAt(0) ?? "")
    .join("")
    .toUpperCase();
}
