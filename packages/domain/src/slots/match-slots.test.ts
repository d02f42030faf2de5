import { describe, expect, it } from "vitest";
import type { SlotChange } from "./cell.ts";
import { matchSlots } from "./match-slots.ts";
import type { MatchTask } from "./task.ts";
import { TaskIndex } from "./task-index.ts";

const NOW = Date.parse("2026-11-21T08:00:00Z");
const PLANNED = { warehouseId: 507, date: "2026-11-28", coefficient: 3 };
const HOUR = 3_600_000;

function task(id: number, over: Partial<MatchTask> = {}): MatchTask {
  return {
    id,
    organizationId: id,
    warehouses: [507],
    supplyKey: `preorder:${id}`,
    boxTypeId: 2,
    dateFrom: "2026-11-22",
    dateTo: "2026-12-05",
    skipDates: new Set(),
    maxCoefficient: 0,
    deadline: null,
    mode: "book",
    planTier: 0,
    createdAt: NOW - 10 * HOUR,
    flapGuard: "first-sight",
    bookingInFlight: false,
    ...over,
  };
}

/** A cell that just opened (closed before) with the given coefficient. */
function opened(over: Partial<SlotChange> = {}): SlotChange {
  return {
    warehouseId: 507,
    date: "2026-11-25",
    boxTypeId: 2,
    coefficient: 0,
    allowUnload: true,
    previous: { coefficient: -1, allowUnload: false, since: NOW - 3 * HOUR },
    streak: 1,
    since: NOW - 500,
    ...over,
  };
}

const match = (changes: SlotChange[], tasks: MatchTask[]) => matchSlots(changes, new TaskIndex(tasks), NOW);
const summary = (changes: SlotChange[], tasks: MatchTask[]) =>
  match(changes, tasks).map(
    (d) => `${d.taskId}:${d.action}@${d.warehouseId}/${d.date}/${d.boxTypeId}x${d.coefficient}#${d.priority}`,
  );

describe("matchSlots — does a task want this cell?", () => {
  it.each([
    ["a free cell within everything", opened(), {}, true],
    ["coefficient at the cap", opened({ coefficient: 3 }), { maxCoefficient: 3 }, true],
    ["coefficient over the cap", opened({ coefficient: 4 }), { maxCoefficient: 3 }, false],
    ["free-only task, paid cell", opened({ coefficient: 1 }), {}, false],
    ["acceptance closed (-1)", opened({ coefficient: -1 }), { maxCoefficient: 20 }, false],
    ["unloading not allowed", opened({ allowUnload: false }), {}, false],
    ["another box type", opened({ boxTypeId: 5 }), {}, false],
    ["QR box type is its own", opened({ boxTypeId: 0 }), { boxTypeId: 0 }, true],
    ["another warehouse", opened({ warehouseId: 117 }), {}, false],
    ["a draft's second candidate warehouse", opened({ warehouseId: 117 }), { warehouses: [507, 117] }, true],
    ["first day of the range", opened({ date: "2026-11-22" }), {}, true],
    ["last day of the range", opened({ date: "2026-12-05" }), {}, true],
    ["today, inside a range that began yesterday", opened({ date: "2026-11-21" }), { dateFrom: "2026-11-20" }, true],
    ["day before the range", opened({ date: "2026-11-21" }), {}, false],
    ["day after the range", opened({ date: "2026-12-06" }), {}, false],
    ["a date the seller skips", opened({ date: "2026-11-25" }), { skipDates: new Set(["2026-11-25"]) }, false],
    ["a date in the past", opened({ date: "2026-11-20" }), { dateFrom: "2026-11-19" }, false],
    ["deadline still ahead", opened(), { deadline: NOW + HOUR }, true],
    ["deadline passed", opened(), { deadline: NOW - 1 }, false],
    ["booking already in flight", opened(), { bookingInFlight: true }, false],
    // Re-plan: booked at ×3 on 28 November, watching for better at the same warehouse.
    ["watching: a cheaper cell", opened({ coefficient: 1 }), { maxCoefficient: 3, planned: PLANNED }, true],
    ["watching: as dear, earlier", opened({ coefficient: 3 }), { maxCoefficient: 3, planned: PLANNED }, true],
    [
      "watching: as dear, later",
      opened({ coefficient: 3, date: "2026-11-30" }),
      { maxCoefficient: 3, planned: PLANNED },
      false,
    ],
    [
      "watching: free at another warehouse",
      opened({ warehouseId: 117 }),
      { warehouses: [507, 117], maxCoefficient: 3, planned: PLANNED },
      false,
    ],
  ] as const)("%s → %s", (_name, change, over, wanted) => {
    expect(match([change], [task(1, over as Partial<MatchTask>)])).toHaveLength(wanted ? 1 : 0);
  });

  it("acts only when the cell becomes bookable under the task's own cap", () => {
    const cap5 = task(1, { maxCoefficient: 5 });
    // 3 → 2 was already bookable at cap 5: not news.
    expect(
      match([opened({ coefficient: 2, previous: { coefficient: 3, allowUnload: true, since: NOW - HOUR } })], [cap5]),
    ).toEqual([]);
    // 8 → 2 just came under the cap: news.
    expect(
      match([opened({ coefficient: 2, previous: { coefficient: 8, allowUnload: true, since: NOW - HOUR } })], [cap5]),
    ).toHaveLength(1);
    // Unloading just allowed at the same coefficient: news.
    expect(
      match([opened({ coefficient: 2, previous: { coefficient: 2, allowUnload: false, since: NOW - HOUR } })], [cap5]),
    ).toHaveLength(1);
    // A cell seen for the first time (no previous read) is news.
    expect(match([opened({ previous: null })], [cap5])).toHaveLength(1);
  });

  it("ignores closings", () => {
    const closing = opened({
      coefficient: -1,
      allowUnload: false,
      previous: { coefficient: 0, allowUnload: true, since: NOW - HOUR },
    });
    expect(match([closing], [task(1)])).toEqual([]);
  });
});

describe("matchSlots — flap guard", () => {
  const firstSight = task(1);
  const confirm = task(2, { flapGuard: "confirm", supplyKey: "preorder:2" });

  it("a first-sight task books on the first read; a confirming task waits for the second", () => {
    expect(summary([opened({ streak: 1 })], [firstSight, confirm])).toEqual(["1:book@507/2026-11-25/2x0#0"]);
    expect(summary([opened({ streak: 2 })], [firstSight, confirm])).toEqual(["2:book@507/2026-11-25/2x0#0"]);
  });

  it("a task whose flap guard is changed acts at the read its new guard says", () => {
    const index = new TaskIndex([task(1)]);
    index.put(task(1, { flapGuard: "confirm" }));
    expect(matchSlots([opened({ streak: 1 })], index, NOW)).toEqual([]);
    expect(matchSlots([opened({ streak: 2 })], index, NOW)).toHaveLength(1);
    index.remove(1);
    expect(matchSlots([opened({ streak: 2 })], index, NOW)).toEqual([]);
  });

  it("a cell that closes before the second read never reaches a confirming task", () => {
    expect(match([opened({ streak: 1 })], [confirm])).toEqual([]);
    const closedAgain = opened({
      coefficient: -1,
      allowUnload: false,
      previous: { coefficient: 0, allowUnload: true, since: NOW - HOUR },
    });
    expect(match([closedAgain], [confirm])).toEqual([]);
  });

  it("an opening is named by the cell and the state it opened from, not by the read that saw it", () => {
    const alert = task(1, { mode: "alert" });
    const closedSince = NOW - 60_000;
    const [first] = match([opened({ previous: { coefficient: -1, allowUnload: false, since: closedSince } })], [alert]);
    expect(first?.opening).toBe("507:2026-11-25:2@1795247940000");
    // The same opening found again by a later read (the first read's calendar was never stored).
    const [repeated] = match(
      [opened({ since: NOW + 10_000, previous: { coefficient: -1, allowUnload: false, since: closedSince } })],
      [alert],
    );
    expect(repeated?.opening).toBe(first?.opening);
    // Closed again and reopened: the closed state in between makes it a new opening.
    const [again] = match([opened({ previous: { coefficient: -1, allowUnload: false, since: NOW - 1_000 } })], [alert]);
    expect(again?.opening).not.toBe(first?.opening);
    // A cell never seen before.
    expect(match([opened({ previous: null })], [alert])[0]?.opening).toBe("507:2026-11-25:2@first");
  });
});

describe("matchSlots — priority between our sellers", () => {
  it.each([
    ["nearest deadline first", { deadline: NOW + 2 * HOUR }, { deadline: NOW + HOUR }, 2],
    ["a deadline beats none", {}, { deadline: NOW + 48 * HOUR }, 2],
    ["higher plan tier first", { planTier: 1 }, { planTier: 2 }, 2],
    ["deadline outranks plan tier", { planTier: 9 }, { deadline: NOW + HOUR }, 2],
    ["older task first", { createdAt: NOW - HOUR }, { createdAt: NOW - 2 * HOUR }, 2],
    ["plan tier outranks age", { createdAt: NOW - 9 * HOUR }, { planTier: 1, createdAt: NOW - HOUR }, 2],
    ["all equal: lower id", {}, {}, 1],
  ] as const)("%s", (_name, a, b, winner) => {
    const decisions = match([opened()], [task(1, a as Partial<MatchTask>), task(2, b as Partial<MatchTask>)]);
    expect(decisions[0]).toMatchObject({ taskId: winner, priority: 0 });
    expect(decisions[1]).toMatchObject({ taskId: winner === 1 ? 2 : 1, priority: 1 });
  });

  it("spreads sellers over the open cells instead of making them race for one", () => {
    const cells = [opened({ date: "2026-11-25" }), opened({ date: "2026-11-26" }), opened({ date: "2026-11-27" })];
    const tasks = [task(1), task(2), task(3)];
    expect(summary(cells, tasks)).toEqual([
      "1:book@507/2026-11-25/2x0#0",
      "2:book@507/2026-11-26/2x0#1",
      "3:book@507/2026-11-27/2x0#2",
    ]);
  });

  it("when there is only one cell, everyone gets it in priority order", () => {
    expect(summary([opened()], [task(3), task(1, { planTier: 1 }), task(2)])).toEqual([
      "1:book@507/2026-11-25/2x0#0",
      "2:book@507/2026-11-25/2x0#1",
      "3:book@507/2026-11-25/2x0#2",
    ]);
  });

  it("a task takes its own best cell: warehouse rank, then cheaper, then earlier", () => {
    const draft = task(1, { warehouses: [117, 507], maxCoefficient: 5 });
    const cells = [
      opened({ warehouseId: 507, coefficient: 0, date: "2026-11-23" }),
      opened({ warehouseId: 117, coefficient: 2, date: "2026-11-26" }),
      opened({ warehouseId: 117, coefficient: 1, date: "2026-11-28" }),
      opened({ warehouseId: 117, coefficient: 1, date: "2026-11-27" }),
    ];
    expect(summary(cells, [draft])).toEqual(["1:book@117/2026-11-27/2x1#0"]);
  });

  it("the more urgent task keeps its preferred cell; the next one moves to its next best", () => {
    const urgent = task(1, { warehouses: [117, 507], deadline: NOW + HOUR });
    const relaxed = task(2, { warehouses: [117, 507] });
    const cells = [opened({ warehouseId: 507 }), opened({ warehouseId: 117 })];
    expect(summary(cells, [relaxed, urgent])).toEqual(["1:book@117/2026-11-25/2x0#0", "2:book@507/2026-11-25/2x0#1"]);
  });

  it("books one supply once, even if two tasks name it", () => {
    const decisions = match(
      [opened(), opened({ date: "2026-11-26" })],
      [task(1, { supplyKey: "p" }), task(2, { supplyKey: "p" })],
    );
    expect(decisions.map((d) => d.taskId)).toEqual([1]);
  });
});

describe("matchSlots — modes", () => {
  it("an alert task gets one alert per fresh cell and takes no cell from booking tasks", () => {
    const cells = [opened({ date: "2026-11-25" }), opened({ date: "2026-11-26" })];
    const alert = task(1, { mode: "alert", deadline: NOW + HOUR });
    const booker = task(2);
    expect(summary(cells, [alert, booker])).toEqual([
      "1:alert@507/2026-11-25/2x0#0",
      "1:alert@507/2026-11-26/2x0#0",
      "2:book@507/2026-11-25/2x0#1",
    ]);
  });

  it("decides nothing without tasks or without changes", () => {
    expect(match([opened()], [])).toEqual([]);
    expect(match([], [task(1)])).toEqual([]);
  });
});

describe("TaskIndex", () => {
  it("forgets removed tasks and re-indexes replaced ones", () => {
    const index = new TaskIndex([task(1), task(2)]);
    index.remove(1);
    index.put(task(2, { warehouses: [117] }));
    expect(matchSlots([opened()], index, NOW)).toEqual([]);
    expect(matchSlots([opened({ warehouseId: 117 })], index, NOW).map((d) => d.taskId)).toEqual([2]);
    expect(index.size).toBe(1);
  });
});

describe("matchSlots — a task that starts hunting (created, resumed, edited) and the cells open already", () => {
  /** A cell open for a while: opened three hours ago, seen on many reads since. */
  const standingOpen = (over: Partial<SlotChange> = {}): SlotChange => ({
    ...opened({
      streak: 3,
      since: NOW - 3 * HOUR,
      previous: { coefficient: -1, allowUnload: false, since: NOW - 9 * HOUR },
    }),
    ...over,
  });
  const standing = (tasks: MatchTask[], cells: SlotChange[]) => ({
    tasks,
    cellAt: (warehouseId: number, boxTypeId: number, date: string) =>
      cells.find((c) => c.warehouseId === warehouseId && c.boxTypeId === boxTypeId && c.date === date),
  });
  const decide = (tasks: MatchTask[], cells: SlotChange[], changes: SlotChange[] = []) =>
    matchSlots(changes, new TaskIndex(tasks), NOW, standing(tasks, cells));

  it.each([
    ["a free cell in its range", standingOpen(), {}, true],
    ["over its cap", standingOpen({ coefficient: 2 }), { maxCoefficient: 1 }, false],
    ["closed", standingOpen({ coefficient: -1 }), { maxCoefficient: 20 }, false],
    ["unloading not allowed", standingOpen({ allowUnload: false }), {}, false],
    ["a date it skips", standingOpen(), { skipDates: new Set(["2026-11-25"]) }, false],
    ["before its range", standingOpen({ date: "2026-11-21" }), {}, false],
    ["its deadline passed", standingOpen(), { deadline: NOW - 1 }, false],
    ["its booking in flight", standingOpen(), { bookingInFlight: true }, false],
    ["flap guard, seen on a second read", standingOpen({ streak: 2 }), { flapGuard: "confirm" as const }, true],
    ["flap guard, seen once", standingOpen({ streak: 1 }), { flapGuard: "confirm" as const }, false],
    [
      "watching: no better than where it is planned",
      standingOpen({ coefficient: 3, date: "2026-11-30" }),
      { maxCoefficient: 3, planned: PLANNED },
      false,
    ],
    [
      "watching: cheaper than where it is planned",
      standingOpen({ coefficient: 1 }),
      { maxCoefficient: 3, planned: PLANNED },
      true,
    ],
  ] as const)("a starting task and a cell: %s", (_name, cell, over, wanted) => {
    const decisions = decide([task(1, over as Partial<MatchTask>)], [cell]);
    expect(decisions.length).toBe(wanted ? 1 : 0);
  });

  it("books its best open cell, its opening named after the read (another try of a cell decided before)", () => {
    const cells = [standingOpen({ date: "2026-11-27" }), standingOpen({ date: "2026-11-24" })];
    expect(decide([task(1)], cells)).toEqual([
      expect.objectContaining({
        taskId: 1,
        action: "book",
        date: "2026-11-24",
        opening: `507:2026-11-24:2@${NOW - 9 * HOUR}+${NOW}`,
      }),
    ]);
  });

  it("a cell this read brings as news is decided as news, with the cell's own opening", () => {
    const news = opened({ date: "2026-11-23" });
    const [d] = decide([task(1)], [standingOpen(), news], [news]);
    expect(d).toMatchObject({ date: "2026-11-23", opening: `507:2026-11-23:2@${NOW - 3 * HOUR}` });
  });

  it("an alert task is told of its three best open cells, with their own openings", () => {
    const cells = ["2026-11-28", "2026-11-23", "2026-11-26", "2026-11-24", "2026-11-30"].map((date) =>
      standingOpen({ date }),
    );
    const decisions = decide([task(1, { mode: "alert" })], cells);
    expect(decisions.map((d) => [d.date, d.opening])).toEqual(
      ["2026-11-23", "2026-11-24", "2026-11-26"].map((date) => [date, `507:${date}:2@${NOW - 9 * HOUR}`]),
    );
  });

  it("two starting tasks are spread over the open cells, the more urgent first", () => {
    const urgent = task(2, { deadline: NOW + HOUR });
    const cells = [standingOpen({ date: "2026-11-24" }), standingOpen({ date: "2026-11-25" })];
    expect(decide([task(1), urgent], cells).map((d) => [d.taskId, d.date])).toEqual([
      [2, "2026-11-24"],
      [1, "2026-11-25"],
    ]);
  });
});
