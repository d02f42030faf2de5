import { describe, expect, it } from "vitest";
import { quietUntil } from "./quiet-hours.ts";

const hhmm = (text: string) => {
  const [h = 0, m = 0] = text.split(":").map(Number);
  return h * 60 + m;
};
// Moscow is UTC+3: 20:30 UTC is 23:30 in Moscow.
const at = (utc: string) => new Date(`2026-11-30T${utc}:00Z`);

describe("quiet hours (Moscow time)", () => {
  it.each([
    ["none set", "20:30", null, null, null],
    ["23:00–08:00, at 23:30 Moscow", "20:30", "23:00", "08:00", "2026-12-01T05:00:00.000Z"],
    ["23:00–08:00, at 07:59 Moscow", "04:59", "23:00", "08:00", "2026-11-30T05:00:00.000Z"],
    ["23:00–08:00, at 08:00 Moscow (over)", "05:00", "23:00", "08:00", null],
    ["23:00–08:00, at noon Moscow", "09:00", "23:00", "08:00", null],
    ["13:00–15:00, at 14:00 Moscow", "11:00", "13:00", "15:00", "2026-11-30T12:00:00.000Z"],
    ["start = end means none", "11:00", "13:00", "13:00", null],
  ] as const)("%s", (_name, utc, start, end, until) => {
    const result = quietUntil(at(utc), start === null ? null : hhmm(start), end === null ? null : hhmm(end));
    expect(result?.toISOString() ?? null).toBe(until);
  });
});
