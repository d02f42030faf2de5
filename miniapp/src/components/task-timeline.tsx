import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Booking, TimelineEvent } from "../api.ts";
import { formatDayList, formatMoment } from "../task-format.ts";
import { isFailure, taskTimeline } from "../timeline-model.ts";
import { BOOKING_STATUSES, coefficientName, eventText } from "../timeline-text.ts";
import { warehouseName } from "../warehouse-names.ts";
import { ScreenshotSheet } from "./screenshot-sheet.tsx";

/**
 * A task's timeline, newest first: its events and its bookings — how each ended, why, at what
 * cost — and, for a booking that failed with a picture of the portal page, a way to open it.
 */
export function TaskTimeline({
  events,
  bookings,
  names,
}: {
  events: readonly TimelineEvent[];
  bookings: readonly Booking[];
  names: ReadonlyMap<number, string>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [shown, setShown] = useState<{ url: string; alt: string } | null>(null);
  const entries = taskTimeline(events, bookings);
  if (entries.length === 0) return <p className="section section-text hint">{t("miniapp.task.noEvents")}</p>;
  return (
    <>
      <ol className="section timeline">
        {entries.map((entry) =>
          entry.kind === "event" ? (
            <li key={`e:${entry.at}:${entry.event.kind}`} className="timeline-item">
              <span className={`timeline-dot timeline-${entry.event.kind}`} aria-hidden="true" />
              <span className="row-stack">
                <span className="row-main">{eventText(entry.event, t, locale, names)}</span>
                <span className="row-sub">{formatMoment(entry.at, t, locale)}</span>
              </span>
            </li>
          ) : (
            <BookingItem
              key={`b:${entry.booking.id}`}
              booking={entry.booking}
              at={entry.at}
              warehouse={warehouseName(names, entry.booking.warehouseId, t)}
              onScreenshot={(url, alt) => setShown({ url, alt })}
            />
          ),
        )}
      </ol>
      {shown ? <ScreenshotSheet url={shown.url} alt={shown.alt} onClose={() => setShown(null)} /> : null}
    </>
  );
}

function BookingItem({
  booking,
  at,
  warehouse,
  onScreenshot,
}: {
  booking: Booking;
  at: string;
  warehouse: string;
  onScreenshot: (url: string, alt: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const status = BOOKING_STATUSES.includes(booking.status) ? booking.status : null;
  const date = formatDayList([booking.date], locale);
  const slot = { warehouse, date, coefficient: coefficientName(booking.coefficient, t) };
  const failure = isFailure(booking);
  const screenshot = failure ? booking.screenshotUrl : null;
  return (
    <li className="timeline-item">
      <span className={`timeline-dot timeline-booking-${booking.status}`} aria-hidden="true" />
      <span className="row-stack">
        <span className="row-main">
          {status ? t(`miniapp.task.bookings.${status}`, slot) : t("miniapp.task.events.other")}
        </span>
        {failure ? <span className="row-sub wrap">{reasonText(booking, t, i18n.exists)}</span> : null}
        {booking.status === "dry_run" ? <span className="row-sub wrap">{t("miniapp.task.nothingBooked")}</span> : null}
        {booking.acceptanceCost !== null ? (
          <span className="row-sub">
            {t("miniapp.task.bookingCost", {
              amount: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(booking.acceptanceCost),
            })}
          </span>
        ) : null}
        <span className="row-sub">{formatMoment(at, t, locale)}</span>
        {screenshot ? (
          <button
            type="button"
            className="link-button timeline-action"
            onClick={() => onScreenshot(screenshot, t("miniapp.task.screenshot.alt", { warehouse, date }))}
          >
            {t("miniapp.task.screenshot.open")}
          </button>
        ) : null}
      </span>
    </li>
  );
}

/** Why a booking did not go through, in the app's language (the API's own words for a code this build does not know). */
function reasonText(booking: Booking, t: TFunction, exists: (key: string) => boolean): string {
  if (booking.reason && exists(`errors.${booking.reason}`)) return t(`errors.${booking.reason}`);
  return booking.reasonMessage ?? t("taskStatus.noReason");
}
