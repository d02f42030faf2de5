import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NODE_RUNTIME_FLAGS } from "./runtime-flags.ts";

const root = new URL("../../", import.meta.url);

describe("runtime flags", () => {
  it("are the same wherever the product is started", () => {
    const front = readFileSync(new URL("slotpilot", root), "utf8");
    const scripts = (
      JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    const flags = NODE_RUNTIME_FLAGS.join(" ");
    expect(front).toContain(`NODE_FLAGS="${flags}"`);
    expect(front).toMatch(/start\).*exec node \$NODE_FLAGS \.build\/product\/start\.mjs/);
    expect(front).toMatch(/workers\).*exec node \$NODE_FLAGS \.build\/product\/workers\.mjs/);
    expect(scripts.start).toBe(`node ${flags} scripts/src/start.ts`);
    expect(scripts.workers).toBe(`node ${flags} workers/src/main.ts`);
  });
});
