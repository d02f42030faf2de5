import { afterEach, describe, expect, it } from "vitest";
import { type Sandbox, seedDemo, startSandbox } from "./index.ts";
import { TEST_START } from "./test-support.ts";

describe("startSandbox", () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it("listens on a random port, serves every host and seeds the demo seller", async () => {
    sandbox = await startSandbox({ port: 0, control: true, autoRun: false, startTime: TEST_START });
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${sandbox.url}/__sandbox/hosts`)).json()).toEqual(sandbox.hosts);

    const demo = seedDemo(sandbox);
    expect(demo.phone).toBe("+79990000001");
    expect(demo.preorders).toHaveLength(3);
    expect(demo.drafts).toHaveLength(1);
    const again = await fetch(`${sandbox.url}/__sandbox/demo`, { method: "POST" });
    expect(await again.json()).toEqual(demo);
    const token = demo.cabinets[0]?.tokens.personal ?? "";
    const res = await fetch(`${sandbox.hosts["common-api"]}/api/tariffs/v1/acceptance/coefficients?warehouseIDs=507`, {
      headers: { Authorization: token },
    });
    const rows = (await res.json()) as { coefficient: number; allowUnload: boolean; date: string }[];
    expect(rows.some((r) => r.coefficient === 0 && r.allowUnload)).toBe(true);
    const list = await fetch(`${sandbox.hosts["supplies-api"]}/api/v1/supplies`, {
      method: "POST",
      headers: { Authorization: token, "content-type": "application/json" },
      body: "{}",
    });
    expect(await list.json()).toHaveLength(3);
  });

  it("keeps the control API off by default", async () => {
    sandbox = await startSandbox({ port: 0, autoRun: false });
    expect((await fetch(`${sandbox.url}/__sandbox/hosts`)).status).toBe(404);
  });

  it("moves a real-time world when its clock is advanced", async () => {
    sandbox = await startSandbox({ port: 0, seed: 1 });
    const before = sandbox.control.feedJson();
    sandbox.control.advance(10 * 60_000);
    expect(sandbox.control.feedJson()).not.toBe(before);
  });
});
