import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseWbProbeArgs } from "./wb-probe-args.ts";

const PROBE = fileURLToPath(new URL("./wb-probe.ts", import.meta.url));

/** `./slotpilot wb-probe <args>` as a person runs it (stdin closed: a real probe would stop at once). */
const probe = (...args: string[]) =>
  spawnSync(process.execPath, [PROBE, ...args], { encoding: "utf8", input: "", timeout: 60_000 });

describe("./slotpilot wb-probe's arguments", () => {
  it.each([["--help"], ["-h"]])("%s prints the usage, every option on a line, and exits 0", (flag) => {
    const run = probe(flag);
    expect(run.stdout).toContain("Usage: ./slotpilot wb-probe [options]");
    for (const option of ["--phone PHONE", "--preorder N", "--date YYYY-MM-DD", "--state FILE", "--sandbox URL"])
      expect(run.stdout).toMatch(new RegExp(`^  ${option} .+$`, "m"));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("an unknown option: one line saying so, the usage, exit 2 — no stack trace", () => {
    const run = probe("--bogus");
    const [first, ...rest] = run.stderr.split("\n");
    expect(first).toBe("./slotpilot wb-probe: unknown option --bogus");
    expect(rest.join("\n")).toContain("Usage: ./slotpilot wb-probe [options]");
    expect(run.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(2);
  });

  it("reads the options; the session file defaults to .wb-probe-state.json where it runs", () => {
    expect(parseWbProbeArgs([], "/home/seller/slotpilot")).toEqual({
      kind: "run",
      options: { state: "/home/seller/slotpilot/.wb-probe-state.json" },
    });
    const all = ["--phone", "+79990001122", "--preorder=42", "--date", "2030-01-02", "--state", "/tmp/s.json"];
    expect(parseWbProbeArgs([...all, "--sandbox", "http://127.0.0.1:1"], "/x")).toEqual({
      kind: "run",
      options: {
        phone: "+79990001122",
        preorder: "42",
        date: "2030-01-02",
        state: "/tmp/s.json",
        sandbox: "http://127.0.0.1:1",
      },
    });
    expect(parseWbProbeArgs(["--phone", "+7", "-h"], "/x")).toEqual({ kind: "help" });
  });

  it.each([
    [["--phone"], "--phone needs a value"],
    [["--state"], "--state needs a value"],
    [["probe"], 'unexpected argument "probe"'],
    [["-x"], "unknown option -x"],
  ])("refuses %j: %s", (args, message) => {
    expect(parseWbProbeArgs(args, "/x")).toEqual({ kind: "error", message });
  });
});
