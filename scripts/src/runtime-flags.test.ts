import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NODE_RUNTIME_ENV, NODE_RUNTIME_FLAGS } from "./runtime-flags.ts";

const root = new URL("../../", import.meta.url);

describe("runtime flags", () => {
  it("and its environment are the same wherever the product is started", () => {
    const front = readFileSync(new URL("slotpilot", root), "utf8");
    const scripts = (
      JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    const flags = NODE_RUNTIME_FLAGS.join(" ");
    const env = Object.entries(NODE_RUNTIME_ENV).map(([name, value]) => `${name}=${value}`);
    expect(front).toContain(`NODE_FLAGS="${flags}"`);
    for (const setting of env) expect(front).toContain(`\nexport ${setting}\n`);
    expect(front).toMatch(/start\).*exec node \$NODE_FLAGS \.build\/product\/start\.mjs/);
    expect(front).toMatch(/workers\).*exec node \$NODE_FLAGS \.build\/product\/workers\.mjs/);
    expect(scripts.start).toBe(`${env.join(" ")} node ${flags} scripts/src/start.ts`);
    expect(scripts.workers).toBe(`${env.join(" ")} node ${flags} workers/src/main.ts`);
  });
});
