import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, seedDemo, startSandbox } from "./index.ts";
import { headerToken, portalLogin, TEST_START } from "./test-support.ts";

describe("the sandbox's state file", () => {
  let dir: string;
  let file: string;
  const open: Sandbox[] = [];
  const start = async () => {
    const sandbox = await startSandbox({
      port: 0,
      control: true,
      autoRun: false,
      startTime: TEST_START,
      stateFile: file,
    });
    open.push(sandbox);
    return sandbox;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sandbox-state-"));
    file = join(dir, "state.json");
  });
  afterEach(async () => {
    for (const sandbox of open.splice(0)) await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lets a process started after one that was killed carry on with its sellers, tokens, supplies and sessions", async () => {
    const first = await start();
    expect(first.restored).toEqual({ loaded: false, reason: "none" });
    const demo = seedDemo(first);
    const { jar } = await portalLogin(first.app, first.control, demo.phone);
    const preorder = demo.preorders[0]?.preorderId ?? 0;
    const supply = first.control.state.accounts.supplies.get(preorder);
    if (!supply) throw new Error("no demo preorder");
    supply.statusId = 2;
    // Any request writes what changed: nothing waits for a close that a killed process never gets.
    await first.app.request("/");
    const written = await readFile(file, "utf8");

    // The first one is still open (as good as dead: it writes nothing more); a second one starts.
    const second = await start();
    expect(await readFile(file, "utf8")).toBe(written);
    expect(second.restored).toEqual({ loaded: true, sellers: 1 });
    const token = demo.cabinets[0]?.tokens.personal ?? "";
    const feed = await second.app.request("/common-api/api/tariffs/v1/acceptance/coefficients?warehouseIDs=507", {
      headers: { Authorization: token },
    });
    expect(feed.status).toBe(200);
    const supplies = await second.app.request("/supplies-api/api/v1/supplies", {
      method: "POST",
      headers: { Authorization: token, "content-type": "application/json" },
      body: "{}",
    });
    const list = (await supplies.json()) as { preorderID: number; statusID: number }[];
    expect(list.find((s) => s.preorderID === preorder)?.statusID).toBe(2);
    // The browser's cookies still open the portal: no new SMS login.
    expect(await headerToken(second.app, jar)).toMatch(/.+/);
    expect(second.control.logins(demo.phone)).toBe(1);
    // The same demo seller, and new ids follow the old ones.
    expect(seedDemo(second)).toEqual(demo);
    const next = second.control.createPreorder({
      supplierId: demo.cabinets[0]?.supplierId ?? 0,
      warehouseId: 507,
      boxTypeId: 2,
    });
    expect(demo.preorders.map((p) => p.preorderId)).not.toContain(next.preorderId);
  });

  it("starts a new world, and says why, when the file cannot be read", async () => {
    await writeFile(file, "{not json");
    const sandbox = await start();
    expect(sandbox.restored).toMatchObject({ loaded: false, reason: "unreadable" });
    expect(seedDemo(sandbox).cabinets).toHaveLength(1);
    await sandbox.app.request("/");
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ version: 1 });
  });
});
