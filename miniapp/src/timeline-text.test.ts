import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "./api.ts";
import { fixedT } from "./i18n-testing.ts";
import { eventText } from "./timeline-text.ts";

const names = new Map([[507, "Коледино"]]);
const slot = { bookingId: 9, warehouseId: 507, date: "2026-12-05", coefficient: 0 };
const event = (kind: string, details: TimelineEvent["details"] = slot): TimelineEvent => ({
  at: "2026-12-01T10:00:00Z",
  kind,
  details,
});

describe("a timeline event in words", () => {
  it("words the booker's events like bookings, never as their codes", () => {
    const t = fixedT("en");
    expect(eventText(event("booking_started"), t, "en", names)).toBe("Booking: Коледино, Dec 5, free");
    expect(eventText(event("booking_missed"), t, "en", names)).toBe("Missed: Коледино, Dec 5, free");
    expect(eventText(event("move_confirmed"), t, "en", names)).toBe(
      "Supply moved to a better day: Коледино, Dec 5, free",
    );
    expect(eventText(event("move_missed"), t, "en", names)).toBe(
      "Not moved (the better day went): Коледино, Dec 5, free",
    );
    const ru = fixedT("ru");
    expect(eventText(event("move_confirmed"), ru, "ru", names)).toBe(
      "Поставка перенесена на лучший день: Коледино, 5 дек., бесплатно",
    );
  });

  it("says only that the task changed for a kind it does not know", () => {
    expect(eventText(event("something_new", {}), fixedT("en"), "en", names)).toBe("Changed");
    expect(eventText(event("something_new", {}), fixedT("ru"), "ru", names)).toBe("Изменения");
  });
});
