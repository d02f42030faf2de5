import { join } from "node:path";
import { commandArgs } from "./command-args.ts";

/** What `./slotpilot wb-probe --help` prints. */
export const wbProbeUsage = `Usage: ./slotpilot wb-probe [options]

Check Slotpilot's real-WB portal driver with your own cabinet: log in (the SMS code is typed here),
list the supplies (and with WB_TOKEN set, those of the official API), and dry-run a booking by the
UI up to the final click — nothing is booked. The driver is NOT verified against live WB: this is
how you check it.

Options:
  --phone PHONE      the phone you log in to the WB seller portal with (asked when not given)
  --preorder N       the preorder to dry-run a booking for (with --date)
  --date YYYY-MM-DD  the open day to dry-run that booking on (with --preorder)
  --state FILE       where the browser session is kept, mode 0600 (default: ./.wb-probe-state.json)
  --sandbox URL      probe the WB sandbox at URL instead of real WB
  -h, --help         show this help`;

export interface WbProbeOptions {
  phone?: string;
  preorder?: string;
  date?: string;
  state: string;
  sandbox?: string;
}

export type WbProbeArgs =
  | { kind: "run"; options: WbProbeOptions }
  | { kind: "help" }
  | { kind: "error"; message: string };

const OPTIONS = {
  phone: { type: "string" },
  preorder: { type: "string" },
  date: { type: "string" },
  state: { type: "string" },
  sandbox: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const VALUED = ["phone", "preorder", "date", "state", "sandbox"] as const;

/**
 * `./slotpilot wb-probe`'s arguments: what to probe with, a request for help, or what is wrong with
 * them (`commandArgs`).
 * The session file defaults to `.wb-probe-state.json` in `cwd`.
 */
export function parseWbProbeArgs(args: readonly string[], cwd: string): WbProbeArgs {
  const read = commandArgs(args, OPTIONS);
  if (read.kind !== "values") return read;
  const options: WbProbeOptions = { state: join(cwd, ".wb-probe-state.json") };
  for (const name of VALUED) {
    const value = read.values[name];
    if (value !== undefined) options[name] = value;
  }
  return { kind: "run", options };
}
