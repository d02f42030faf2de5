import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../session.tsx";
import { haptic } from "../telegram/feedback.ts";

/**
 * The WB portal page as it was when a booking failed, in a sheet over the task. The picture needs
 * the auth header, so it is fetched by the API client and shown from an object URL, revoked when
 * the sheet closes.
 */
export function ScreenshotSheet({ url, alt, onClose }: { url: string; alt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [image, setImage] = useState<{ src: string } | { error: string } | null>(null);

  useEffect(() => {
    let current = true;
    let src: string | undefined;
    api.bookingScreenshot(url).then(
      (objectUrl) => {
        src = objectUrl;
        if (current) setImage({ src: objectUrl });
        else URL.revokeObjectURL(objectUrl);
      },
      () => {
        haptic.error();
        if (current) setImage({ error: t("miniapp.task.screenshot.failed") });
      },
    );
    return () => {
      current = false;
      if (src) URL.revokeObjectURL(src);
    };
  }, [api, url, t]);

  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", close);
    return () => window.removeEventListener("keydown", close);
  }, [onClose]);

  return (
    <div className="sheet-backdrop">
      <button
        type="button"
        className="sheet-dismiss"
        aria-label={t("miniapp.task.screenshot.close")}
        onClick={onClose}
      />
      <section className="sheet" role="dialog" aria-modal="true" aria-label={t("miniapp.task.screenshot.title")}>
        <span className="sheet-handle" aria-hidden="true" />
        <h2 className="sheet-title">{t("miniapp.task.screenshot.title")}</h2>
        {image === null ? (
          <div className="skeleton skeleton-shot" aria-busy="true" />
        ) : "src" in image ? (
          <img className="booking-shot" src={image.src} alt={alt} />
        ) : (
          <p className="error-text" role="alert">
            {image.error}
          </p>
        )}
        <button type="button" className="button" onClick={onClose}>
          {t("miniapp.task.screenshot.close")}
        </button>
      </section>
    </div>
  );
}
