import { type ReactNode, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Cabinet } from "../api.ts";
import { LoadFailed } from "../components/load-failed.tsx";
import { SkeletonRows } from "../components/skeleton.tsx";
import { TaskList } from "../components/task-list.tsx";
import { languageName } from "../i18n.ts";
import { useLiveEvents, useLiveState } from "../live/live.tsx";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";
import { useMainButton } from "../telegram/main-button.ts";
import { useLoad } from "../use-load.ts";
import { type LiveNote, liveNote } from "./home-events.ts";

/**
 * Home: cabinets and their session state, the tasks, bookings against the plan (not built yet:
 * said so), and what happened while the app is open — live, reloaded after a gap in the stream.
 */
export function HomeScreen() {
  const { t } = useTranslation();
  const { me, api } = useSession();
  const [version, setVersion] = useState(0);
  const [notes, setNotes] = useState<LiveNote[]>([]);
  const live = useLiveState();
  useLiveEvents((event) => {
    if (event.type === "resync") setVersion((v) => v + 1);
    if (event.type === "task.updated" || event.type === "task.decision" || event.type === "portal.session") {
      setVersion((v) => v + 1);
      const note = liveNote(event);
      if (note) setNotes((current) => [note, ...current].slice(0, 5));
    }
  });
  const cabinets = useLoad(useCallback(() => api.cabinets(), [api, version]));
  useMainButton({ text: t("miniapp.home.newTask"), onClick: () => navigate({ name: "newTask", prefill: {} }) });

  return (
    <main className="screen">
      <header className="hero">
        <span className="avatar" aria-hidden="true">
          {initials(me.user.firstName, me.user.lastName)}
        </span>
        <h1 className="hero-title">{t("miniapp.home.greeting", { name: me.user.firstName })}</h1>
        <p className="hint">{t("miniapp.home.organization", { name: me.organization.name })}</p>
        <p className={`live-chip live-${live}`} role="status">
          <span className="live-dot" aria-hidden="true" />
          {t(`miniapp.live.${live}`)}
        </p>
      </header>

      <section className="group" aria-busy={cabinets.state.status === "loading"}>
        <h2 className="section-header">{t("miniapp.home.cabinets.title")}</h2>
        {cabinets.state.status === "loading" ? (
          <SkeletonRows rows={1} />
        ) : cabinets.state.status === "failed" ? (
          <LoadFailed message={cabinets.state.message} onRetry={cabinets.retry} />
        ) : (
          <CabinetRows cabinets={cabinets.state.data.cabinets} />
        )}
      </section>

      <TaskList version={version} />

      <section className="group">
        <h2 className="section-header">{t("miniapp.home.plan.title")}</h2>
        <button type="button" className="section row" onClick={() => navigate({ name: "plan" })}>
          <span className="row-title">{t("miniapp.home.plan.bookings")}</span>
          <span className="chevron" aria-hidden="true" />
        </button>
      </section>

      <section className="group">
        <h2 className="section-header">{t("miniapp.home.events.title")}</h2>
        {notes.length === 0 ? (
          <p className="section section-text hint">{t("miniapp.home.events.empty")}</p>
        ) : (
          <ul className="section list" aria-live="polite">
            {notes.map((note) => (
              <li key={note.key} className="row">
                <span className={`timeline-dot note-${note.tone}`} aria-hidden="true" />
                <span className="row-title">{t(note.textKey, note.params)}</span>
                <span className="row-value">{note.time}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <nav className="section list">
        <NavRow
          icon={<CalendarIcon />}
          label={t("miniapp.home.calendar")}
          onClick={() => navigate({ name: "calendar" })}
        />
        <NavRow
          icon={<CabinetIcon />}
          label={t("miniapp.home.cabinetsLink")}
          onClick={() => navigate({ name: "cabinets" })}
        />
        <NavRow
          icon={<GearIcon />}
          label={t("miniapp.home.settings")}
          value={languageName(me.locale)}
          onClick={() => navigate({ name: "settings" })}
        />
      </nav>
    </main>
  );
}

function CabinetRows({ cabinets }: { cabinets: Cabinet[] }) {
  const { t } = useTranslation();
  if (cabinets.length === 0) {
    return (
      <div className="section section-text">
        <p className="hint">{t("miniapp.home.cabinets.empty")}</p>
        <button type="button" className="button button-inline" onClick={() => navigate({ name: "cabinets" })}>
          {t("miniapp.home.cabinets.connect")}
        </button>
      </div>
    );
  }
  return (
    <ul className="section list">
      {cabinets.map((cabinet) => (
        <li key={cabinet.id}>
          <button type="button" className="row" onClick={() => navigate({ name: "cabinets" })}>
            <span className="row-title row-stack">
              <span className="row-main">{cabinet.name}</span>
              <span className="row-sub">{cabinetState(cabinet, t)}</span>
            </span>
            <span className="chevron" aria-hidden="true" />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A cabinet's connection in words: its token, and its portal session once sessions exist. */
export function cabinetState(cabinet: Cabinet, t: (key: string) => string): string {
  const parts = [t(`miniapp.cabinets.token.${cabinet.tokenType ?? "none"}`)];
  if (cabinet.portal !== undefined) parts.push(t(`miniapp.cabinets.portal.${cabinet.portal?.state ?? "none"}`));
  return parts.join(" · ");
}

function NavRow({
  icon,
  label,
  value,
  onClick,
}: {
  icon: ReactNode;
  label: string;
  value?: string;
  onClick: () => void;
}) {
  return (
    <button type="button" className="row" onClick={onClick}>
      <span className="row-icon" aria-hidden="true">
        {icon}
      </span>
      <span className="row-title">{label}</span>
      {value ? <span className="row-value">{value}</span> : null}
      <span className="chevron" aria-hidden="true" />
    </button>
  );
}

function initials(firstName: string, lastName: string | null): string {
  return [firstName, lastName]
    .map((name) => name?.trim().charAt(0) ?? "")
    .join("")
    .toUpperCase();
}

// Line icons drawn here: emoji differ between platforms and some (headless) have none.
const ICON = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

function CalendarIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" {...ICON}>
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4" />
    </svg>
  );
}

function CabinetIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" {...ICON}>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M3 12h18M10 8h4M10 16h4" />
    </svg>
  );
}

function GearIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" {...ICON}>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1" />
    </svg>
  );
}
