import { describe, expect, it } from "vitest";
import { openingOf } from "./cell.ts";
import { changeKind, diffFeed, type FeedRow, feedDate } from "./diff-feed.ts";
import { dayNumber, SlotCalendar, STEADY } from "./slot-calendar.ts";

const T0 = Date.parse("2026-11-21T08:00:00Z");
const READ = 10_000;

function row(over: Partial<FeedRow> = {}): FeedRow {
  return {
    date: "2026-11-25T00:00:00Z",
    coefficient: -1,
    warehouseID: 507,
    warehouseName: "Коледино",
    allowUnload: false,
    boxTypeID: 2,
    ...over,
  };
}

const free = (over: Partial<FeedRow> = {}) => row({ coefficient: 0, allowUnload: true, ...over });

/** Feeds reads one after another, 10 s apart, returning each diff and the calendar after it. */
function reads(...feeds: FeedRow[][]) {
  const calendar = new SlotCalendar();
  return feeds.map((rows, i) => {
    const diff = diffFeed(calendar, rows, T0 + i * READ);
    calendar.apply(diff);
    return { ...diff, next: new SlotCalendar(calendar) };
  });
}

const brief = (
  changes: { warehouseId: number; date: string; boxTypeId: number; coefficient: number; streak: number }[],
) => changes.map((c) => `${c.warehouseId}/${c.date}/${c.boxTypeId}x${c.coefficient}#${c.streak}`);

describe("diffFeed — normalising rows", () => {
  it.each([
    ["midnight UTC", "2026-11-25T00:00:00Z", "2026-11-25"],
    ["Moscow offset keeps its calendar day", "2026-11-25T00:00:00+03:00", "2026-11-25"],
    ["a bare date", "2026-11-25", "2026-11-25"],
    ["garbage", "25.11.2026", undefined],
    ["a day that does not exist", "2026-02-29T00:00:00Z", undefined],
    ["a leap day", "2028-02-29T00:00:00Z", "2028-02-29"],
    ["the last day of a year", "2026-12-31", "2026-12-31"],
  ])("%s", (_name, raw, day) => {
    expect(feedDate(raw)).toBe(day);
    expect(dayNumber(raw)).toBe(day === undefined ? Number.NaN : Date.parse(day) / 86_400_000);
  });

  it("numbers days as the calendar does, for every day of several years", () => {
    for (let t = Date.parse("2023-12-25"); t < Date.parse("2031-01-05"); t += 86_400_000) {
      expect(dayNumber(new Date(t).toISOString())).toBe(t / 86_400_000);
    }
  });

  it("keys a row without boxTypeID as box type 0 (QR boxes)", () => {
    const [first] = reads([free({ boxTypeID: undefined })]);
    expect(first?.changes[0]).toMatchObject({ boxTypeId: 0, date: "2026-11-25", warehouseId: 507 });
  });

  it("skips rows it cannot key: bad date, unknown box type, a repeated cell (near or far ahead), a past date", () => {
    const [first] = reads([
      free({ date: "soon" }),
      free({ boxTypeID: 3 }),
      free(),
      free({ coefficient: 5 }),
      free({ date: "2026-11-20T00:00:00Z" }),
      free({ date: "2027-03-01T00:00:00Z" }),
      free({ date: "2027-03-01T00:00:00Z", coefficient: 5 }),
    ]);
    expect(first?.skipped).toBe(5);
    expect(brief(first?.changes ?? [])).toEqual(["507/2026-11-25/2x0#1", "507/2027-03-01/2x0#1"]);
  });
});

describe("diffFeed — what changed", () => {
  it.each([
    ["closed → free", row(), free(), "opened"],
    ["closed → paid", row(), row({ coefficient: 3, allowUnload: true }), "opened"],
    [
      "priced but no unloading → unloading allowed",
      row({ coefficient: 2 }),
      row({ coefficient: 2, allowUnload: true }),
      "opened",
    ],
    ["free → closed", free(), row(), "closed"],
    ["free → unloading stopped", free(), free({ allowUnload: false }), "closed"],
    ["paid → free", row({ coefficient: 10, allowUnload: true }), free(), "changed"],
    ["free → paid", free(), row({ coefficient: 10, allowUnload: true }), "changed"],
    ["closed → priced but not unloadable", row(), row({ coefficient: 4 }), "changed"],
  ] as const)("%s is %s", (_name, before, after, kind) => {
    const [, second] = reads([before], [after]);
    expect(second?.changes).toHaveLength(1);
    const change = second?.changes[0];
    expect(change && changeKind(change)).toBe(kind);
    expect(change).toMatchObject({
      streak: 1,
      since: T0 + READ,
      previous: { coefficient: before.coefficient, allowUnload: before.allowUnload, since: T0 },
    });
  });

  it("a cell first seen open is an opening with no previous state; first seen closed is no news", () => {
    const [first] = reads([free({ date: "2026-11-26T00:00:00Z" }), row()]);
    expect(brief(first?.changes ?? [])).toEqual(["507/2026-11-26/2x0#1"]);
    expect(first?.changes[0]?.previous).toBeNull();
    expect(first?.changes[0] && changeKind(first.changes[0])).toBe("opened");
    // Both are written so the calendar shows the closed one too.
    expect(first?.upserts).toHaveLength(2);
  });

  it("an unchanged read changes nothing and writes nothing", () => {
    const [, second, third] = reads([row(), free({ warehouseID: 117 })], [row(), free({ warehouseID: 117 })], [row()]);
    expect(second?.changes).toEqual([]);
    expect(second?.upserts).toEqual([]);
    expect(third?.changes).toEqual([]);
  });

  it("a second read of an open cell confirms it once; a closed cell is never confirmed", () => {
    const [, second, third, fourth] = reads(
      [row()],
      [free(), row({ warehouseID: 117 })],
      [free(), row({ warehouseID: 117 })],
      [free()],
    );
    expect(second?.confirmations).toEqual([]);
    expect(brief(third?.confirmations ?? [])).toEqual(["507/2026-11-25/2x0#2"]);
    expect(third?.confirmations[0]).toMatchObject({ since: T0 + READ, previous: { coefficient: -1, since: T0 } });
    expect(fourth?.confirmations).toEqual([]);
    expect(fourth?.next.get({ warehouseId: 507, date: "2026-11-25", boxTypeId: 2 })?.streak).toBe(STEADY);
  });

  it("a flapping cell is a change on every read: 0 → 10 → 0 is two openings apart", () => {
    const flaps = reads([free()], [row({ coefficient: 10, allowUnload: true })], [free()]);
    expect(flaps.map((d) => brief(d.changes))).toEqual([
      ["507/2026-11-25/2x0#1"],
      ["507/2026-11-25/2x10#1"],
      ["507/2026-11-25/2x0#1"],
    ]);
    expect(flaps[2]?.changes[0]?.since).toBe(T0 + 2 * READ);
  });

  it("a read repeated from the same calendar later (the first one was never stored) finds the same openings", () => {
    const [first] = reads([row(), row({ warehouseID: 117 })]);
    const calendar = first?.next ?? new SlotCalendar();
    const now = diffFeed(calendar, [free(), free({ warehouseID: 117 })], T0 + READ);
    const later = diffFeed(calendar, [free(), free({ warehouseID: 117 })], T0 + 3 * READ);
    expect(later.changes.map(openingOf)).toEqual(now.changes.map(openingOf));
    expect(now.changes.map(openingOf)).toEqual([`117:2026-11-25:2@${T0}`, `507:2026-11-25:2@${T0}`]);
    expect(later.changes[0]?.since).toBe(T0 + 3 * READ);
  });

  it("cells missing from a read keep their state; cells before today roll off", () => {
    const cell = (date: string) => ({
      warehouseId: 507,
      date,
      boxTypeId: 2 as const,
      coefficient: 0,
      allowUnload: true,
      since: T0,
      streak: 3,
      previous: null,
    });
    const calendar = new SlotCalendar([cell("2026-11-20"), cell("2026-11-22")]);
    const diff = diffFeed(calendar, [], T0);
    expect(diff.changes).toEqual([]);
    expect(calendar.size).toBe(2);
    calendar.apply(diff);
    expect([...calendar].map((c) => c.date)).toEqual(["2026-11-22"]);
    expect(calendar.size).toBe(1);
  });

  it("emits changes in cell order whatever order the rows came in", () => {
    const [first] = reads([
      free({ warehouseID: 900, date: "2026-11-22" }),
      free({ warehouseID: 507, date: "2026-11-24", boxTypeID: 5 }),
      free({ warehouseID: 507, date: "2026-11-24", boxTypeID: undefined }),
      free({ warehouseID: 507, date: "2026-11-23" }),
    ]);
    expect(brief(first?.changes ?? [])).toEqual([
      "507/2026-11-23/2x0#1",
      "507/2026-11-24/0x0#1",
      "507/2026-11-24/5x0#1",
      "900/2026-11-22/2x0#1",
    ]);
  });

  it("does not touch the calendar it was given", () => {
    const [first] = reads([free()]);
    const before = first?.next ?? new SlotCalendar();
    const snapshot = JSON.stringify([...before]);
    diffFeed(before, [row()], T0 + 2 * 86_400_000);
    expect(JSON.stringify([...before])).toBe(snapshot);
  });
});

describe("diffFeed — a full feed", () => {
  it("diffs WB's full feed size (~5,600 rows) and reports only the cells that moved", () => {
    const rows: FeedRow[] = [];
    for (let w = 0; w < 147; w++)
      for (let d = 0; d < 14; d++)
        for (const b of [2, 5, undefined])
          rows.push(
            row({
              warehouseID: 1000 + w,
              date: `2026-12-${String(d + 1).padStart(2, "0")}`,
              boxTypeID: b,
              coefficient: (w + d) % 4 === 0 ? 0 : -1,
              allowUnload: (w + d) % 4 === 0,
            }),
          );
    const moved = rows.map((r, i) => (i % 50 === 0 ? { ...r, coefficient: 7, allowUnload: true } : r));
    const [first, second] = reads(rows, moved);
    expect(rows.length).toBeGreaterThan(5_600);
    expect(first?.next.size).toBe(rows.length);
    expect(second?.changes).toHaveLength(Math.ceil(rows.length / 50));
  });
});
