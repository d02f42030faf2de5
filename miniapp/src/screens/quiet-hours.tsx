import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { messageOf } from "../api.ts";
import { SwitchRow } from "../components/switch-row.tsx";
import { useSession } from "../session.tsx";
import { haptic } from "../telegram/feedback.ts";
import { useLoad } from "../use-load.ts";

/**
 * Quiet hours (Moscow time): messages that can wait are held until they end; slot alerts and
 * booking status never wait. Saved as the seller changes them.
 */
export function QuietHoursSection() {
  const { t } = useTranslation();
  const { api } = useSession();
  const loaded = useLoad(useCallback(() => api.settings(), [api]));
  const [on, setOn] = useState(false);
  const [start, setStart] = useState("23:00");
  const [end, setEnd] = useState("08:00");
  const [status, setStatus] = useState<{ kind: "idle" | "saved" } | { kind: "failed"; message: string }>({
    kind: "idle",
  });

  useEffect(() => {
    if (loaded.state.status !== "ready") return;
    const quiet = loaded.state.data.quietHours;
    setOn(quiet !== null);
    if (quiet) {
      setStart(quiet.start);
      setEnd(quiet.end);
    }
  }, [loaded.state]);

  /** Saves; a failed save says why, and a switch it flipped goes back to what is saved. */
  const save = async (next: { on: boolean; start: string; end: string }, flipped = false) => {
    try {
      await api.setQuietHours(next.on ? { start: next.start, end: next.end } : null);
      haptic.success();
      setStatus({ kind: "saved" });
    } catch (error) {
      haptic.error();
      if (flipped) setOn(!next.on);
      setStatus({ kind: "failed", message: messageOf(error) });
    }
  };

  if (loaded.state.status !== "ready") return null;
  return (
    <section className="group">
      <h2 className="section-header">{t("miniapp.settings.quietTitle")}</h2>
      <div className="section form-section">
        <SwitchRow
          title={t("miniapp.settings.quietOn")}
          checked={on}
          onChange={(checked) => {
            setOn(checked);
            void save({ on: checked, start, end }, true);
          }}
        />
        {on ? (
          <div className="field-pair">
            <label className="field">
              <span className="field-label">{t("miniapp.settings.quietFrom")}</span>
              <input
                type="time"
                className="input"
                value={start}
                onChange={(e) => setStart(e.target.value)}
                onBlur={() => void save({ on, start, end })}
              />
            </label>
            <label className="field">
              <span className="field-label">{t("miniapp.settings.quietTo")}</span>
              <input
                type="time"
                className="input"
                value={end}
                onChange={(e) => setEnd(e.target.value)}
                onBlur={() => void save({ on, start, end })}
              />
            </label>
          </div>
        ) : null}
      </div>
      <p className={status.kind === "failed" ? "section-footer error" : "section-footer"} role="status">
        {status.kind === "failed"
          ? status.message
          : status.kind === "saved"
            ? t("miniapp.settings.saved")
            : t("miniapp.settings.quietHint")}
      </p>
    </section>
  );
}
