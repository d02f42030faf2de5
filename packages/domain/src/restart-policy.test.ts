import { describe, expect, it } from "vitest";
import { afterDeath, RESTART_POLICY, type RestartPolicy } from "./restart-policy.ts";

describe("afterDeath", () => {
  const policy: RestartPolicy = { delaysMs: [1_000, 5_000], stableMs: 60_000, maxRestarts: 3 };

  it("waits longer for each death in a row, the last wait repeating, then gives up", () => {
    let deaths = 0;
    const waits: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const next = afterDeath(policy, deaths, 500);
      deaths = next.deaths;
      waits.push(next.delayMs);
    }
    expect(waits).toEqual([1_000, 5_000, 5_000, undefined]);
  });

  it("forgets earlier deaths after a run of stableMs", () => {
    expect(afterDeath(policy, 3, 60_000)).toEqual({ deaths: 1, delayMs: 1_000 });
    expect(afterDeath(policy, 3, 59_999)).toEqual({ deaths: 4, delayMs: undefined });
  });

  it("by default starts again within a second, never waits more than 30 s, and stops after ten", () => {
    expect(afterDeath(RESTART_POLICY, 0, 0).delayMs).toBe(1_000);
    expect(afterDeath(RESTART_POLICY, 8, 0).delayMs).toBe(30_000);
    expect(afterDeath(RESTART_POLICY, 10, 0).delayMs).toBeUndefined();
  });
});
