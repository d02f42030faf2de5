import { describe, expect, it } from "vitest";
import { whenReplaced } from "./replacing.ts";

describe("what another plan does to the renewing subscription", () => {
  it.each([
    [{ inForce: true, renews: true, plan: "basic10", provider: "stars" }, "stopped"],
    [{ inForce: true, renews: true, plan: "basic10", provider: "paddle" }, "cancelled"],
    // Set to end, run out, a grant or the trial: nothing renews, nothing to say.
    [{ inForce: true, renews: false, plan: "basic10", provider: "stars" }, null],
    [{ inForce: false, renews: true, plan: "basic10", provider: "paddle" }, null],
    [{ inForce: true, renews: false, plan: "pro25", provider: "grant" }, null],
    [{ inForce: true, renews: false, plan: "trial", provider: "trial" }, null],
  ])("%j → %s", (plan, expected) => {
    expect(whenReplaced(plan)).toBe(expected);
  });
});
