import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseChatArgs, pressedButton } from "./chat-args.ts";

const CHAT = fileURLToPath(new URL("./chat.ts", import.meta.url));
const DEMO_ID = 100_000_001;

/** `./slotpilot chat <args>` as a person runs it (with stdin closed, so a real run would end at once). */
const chat = (...args: string[]) =>
  spawnSync(process.execPath, [CHAT, ...args], { encoding: "utf8", input: "", timeout: 60_000 });

describe("./slotpilot chat's arguments", () => {
  it("--help prints the usage and exits 0", () => {
    const run = chat("--help");
    expect(run.stdout).toContain("Usage: ./slotpilot chat [options]");
    for (const option of ["--lang en|ru", "--name", "--user-id"]) expect(run.stdout).toContain(option);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("an unknown option: one line saying so, the usage, exit 2 — no stack trace", () => {
    const run = chat("--bogus");
    const [first, ...rest] = run.stderr.split("\n");
    expect(first).toBe("./slotpilot chat: unknown option --bogus");
    expect(rest.join("\n")).toContain("Usage: ./slotpilot chat [options]");
    expect(run.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
    expect(run.status).toBe(2);
  });

  it("reads the options, with the demo user's defaults", () => {
    expect(parseChatArgs([], DEMO_ID)).toEqual({ kind: "run", options: { userId: DEMO_ID, name: "Demo", lang: "ru" } });
    expect(parseChatArgs(["--lang", "en", "--name=Anna", "--user-id", "42"], DEMO_ID)).toEqual({
      kind: "run",
      options: { userId: 42, name: "Anna", lang: "en" },
    });
    expect(parseChatArgs(["-h"], DEMO_ID)).toEqual({ kind: "help" });
  });

  it.each([
    [["--lang", "de"], '--lang is en or ru, not "de"'],
    [["--lang"], "--lang needs a value"],
    [["--user-id", "abc"], '--user-id is a positive whole number, not "abc"'],
    [["hello"], 'unexpected argument "hello"'],
    [["-x"], "unknown option -x"],
  ])("refuses %j: %s", (args, message) => {
    expect(parseChatArgs(args, DEMO_ID)).toEqual({ kind: "error", message });
  });
});

describe("a line typed into the chat", () => {
  it("presses a button only as #N (or [N]); a plain number is text, as a typed answer must be", () => {
    expect(pressedButton("#1")).toBe(0);
    expect(pressedButton(" [3] ")).toBe(2);
    expect(pressedButton("3")).toBeUndefined();
    expect(pressedButton("#0")).toBeUndefined();
    expect(pressedButton("#2 please")).toBeUndefined();
  });
});
