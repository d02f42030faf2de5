import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOX } from "./box-types.ts";
import { dayOf, dayToYmd } from "./dates.ts";
import type { Scenario } from "./scenario.ts";
import { TEST_START, testSandbox } from "./test-support.ts";

const morning: Scenario = {
  name: "morning",
  seed: 7,
  timeline: [
    { at: 5_000, type: "open", warehouseId: 507, day: 2, boxTypeId: 2, coefficient: 0, capacity: 1 },
    { at: 8_000, type: "burst", count: 3 },
    { at: 12_000, type: "flap", warehouseId: 120762, day: 3, boxTypeId: 2, values: [0, 10], periodMs: 2_000, times: 6 },
    { at: 30_000, type: "close", warehouseId: 507, day: 2, boxTypeId: 2 },
  ],
};

function replay(seed: number, scenario?: Scenario, seconds = 300) {
  const { driver } = testSandbox({ seed });
  if (scenario) driver.loadScenario(scenario);
  const frames: string[] = [];
  for (let i = 0; i < seconds; i += 30) {
    driver.tick(30);
    frames.push(driver.feedJson());
  }
  return { frames, bookings: driver.bookings() };
}

describe("determinism", () => {
  it("replays the same calendar for the same seed and scenario", () => {
    const a = replay(42, morning);
    const b = replay(42, morning);
    expect(a.frames).toEqual(b.frames);
    expect(a.bookings).toEqual(b.bookings);
  });

  it("replays the same calendar for the same seed without a scenario", () => {
    expect(replay(3).frames).toEqual(replay(3).frames);
  });

  it("gives a different world for another seed", () => {
    expect(replay(1, undefined, 30).frames[0]).not.toEqual(replay(2, undefined, 30).frames[0]);
  });

  it("actually moves: the feed changes over five minutes", () => {
    const { frames } = replay(42);
    expect(new Set(frames).size).toBeGreaterThan(5);
  });
});

describe("the world", () => {
  const date = dayToYmd(dayOf(TEST_START) + 2);

  it("applies scenario openings and closings at their time", () => {
    const { driver } = testSandbox();
    driver.setFaults({ competitorDelayMs: null });
    driver.loadScenario({ background: false, timeline: morning.timeline });
    expect(driver.cell(507, date, BOX).bookable).toBe(false);
    driver.tick(5);
    expect(driver.cell(507, date, BOX)).toMatchObject({ bookable: true, coefficient: 0 });
    driver.tick(25);
    expect(driver.cell(507, date, BOX)).toMatchObject({ bookable: false, coefficient: -1 });
  });

  it("flaps a cell between its two values", () => {
    const { driver } = testSandbox();
    driver.loadScenario({
      background: false,
      faults: { competitorDelayMs: null },
      timeline: [
        { at: 0, type: "flap", warehouseId: 507, day: 1, boxTypeId: 2, values: [0, 10], periodMs: 2_000, times: 4 },
      ],
    });
    const seen = [];
    for (let i = 0; i < 4; i++) {
      driver.tick(2);
      seen.push(driver.cell(507, dayToYmd(dayOf(TEST_START) + 1), BOX).coefficient);
    }
    expect(seen).toEqual([10, 0, 10, 10]);
  });

  it("lets a competitor take a free cell after the configured delay", () => {
    const { driver } = testSandbox();
    driver.loadScenario({ background: false, faults: { competitorDelayMs: 3_000 } });
    const opened = driver.setCell({ warehouseId: 507, date, boxTypeId: BOX, coefficient: 0, capacity: 2 });
    expect(opened.bookable).toBe(true);
    driver.tick(2);
    expect(driver.cell(507, date, BOX).bookable).toBe(true);
    driver.tick(2);
    expect(driver.cell(507, date, BOX)).toMatchObject({ bookable: false, booked: 2, allowUnload: false });
    const taken = driver.bookings().filter((b) => b.by === "competitor" && b.warehouseId === 507);
    expect(taken).toHaveLength(2);
    expect(taken[0]).toMatchObject({ warehouseId: 507, preorderId: null, openedAt: opened.openedAt });
  });

  it("leaves paid cells to the seller unless competitors are told to pay", () => {
    const { driver } = testSandbox();
    driver.loadScenario({ background: false, faults: { competitorDelayMs: 0 } });
    driver.setCell({ warehouseId: 507, date, boxTypeId: BOX, coefficient: 8 });
    driver.tick(5);
    expect(driver.cell(507, date, BOX).bookable).toBe(true);
    driver.setFaults({ competitorMaxCoefficient: 10 });
    driver.tick(1);
    expect(driver.cell(507, date, BOX).bookable).toBe(false);
  });
});

describe("example scenarios", () => {
  const dir = join(import.meta.dirname, "..", "scenarios");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    it(`${file} loads and replays identically`, () => {
      const scenario = JSON.parse(readFileSync(join(dir, file), "utf8")) as Scenario;
      const run = () => {
        const { driver } = testSandbox();
        driver.loadScenario(scenario);
        driver.tick(200);
        return driver.feedJson();
      };
      expect(run()).toBe(run());
    });
  }
});
