import { spawn } from "node:child_process";
import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Sandbox, startSandbox } from "@slotpilot/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PROBE = fileURLToPath(new URL("./wb-probe.ts", import.meta.url));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, control: true, faults: { competitorDelayMs: null, powDifficulty: 8 } });
});
afterAll(() => sandbox?.close());

/** Runs the probe; answers "SMS code:" from the sandbox. Its output, and its exit code. */
function probe(args: string[], phone: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PROBE, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.endsWith("SMS code:\n")) child.stdin.write(`${sandbox.control.smsCode(phone)}\n`);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("./slotpilot wb-probe (against the sandbox; real WB is what a seller probes)", () => {
  it("logs in with the SMS code, lists the supplies, dry-runs a booking without booking; a second run needs no SMS", async () => {
    const seller = sandbox.control.createSeller();
    const supplierId = seller.cabinets[0]?.supplierId ?? 0;
    const { preorderId } = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 });
    const day = new Date(sandbox.control.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    sandbox.control.setCell({ warehouseId: 507, date: day, boxTypeId: 2, coefficient: 0 });
    const state = join(await mkdtemp(join(tmpdir(), "wb-probe-")), "state.json");
    const args = ["--sandbox", sandbox.url, "--phone", seller.phone, "--state", state];

    const first = await probe([...args, "--preorder", String(preorderId), "--date", day], seller.phone);
    expect(first.output).toContain("login: ok — cabinet");
    expect(first.output).toContain("supplies (portal): 1, unplanned: 1");
    expect(first.output).toContain(`dry run: reached the final confirmation for preorder ${preorderId}`);
    expect(first.code, first.output).toBe(0);
    expect(sandbox.control.bookings()).toEqual([]);
    expect((await stat(state)).mode & 0o777).toBe(0o600);

    const second = await probe(args, seller.phone);
    expect(second.output).toContain("the saved session is still alive (no SMS needed)");
    expect(sandbox.control.logins(seller.phone)).toBe(1);
    // Nothing secret on the terminal: the SMS code is read, never echoed back.
    expect(first.output).not.toContain(sandbox.control.smsCode(seller.phone) ?? "—");
  }, 120_000);
});
