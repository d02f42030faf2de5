import { parseDecimalId } from "@slotpilot/domain";
import { commandArgs } from "./command-args.ts";

/** What `./slotpilot chat --help` prints. */
export const chatUsage = (demoUserId: number) => `Usage: ./slotpilot chat [options]

Talk to the real Slotpilot bot in this terminal: your lines become its Telegram messages.
A message's buttons are listed as #1, #2, …: type #2 to press the second. Anything else — a
plain number too — is sent as text, as you would type it in Telegram.

Options:
  --lang en|ru   the language your Telegram is in (default: ru)
  --name NAME    your Telegram first name (default: Demo)
  --user-id ID   your Telegram user id (default: ${demoUserId}, the demo Mini App's user)
  -h, --help     show this help`;

export interface ChatOptions {
  userId: number;
  name: string;
  lang: "en" | "ru";
}

export type ChatArgs = { kind: "run"; options: ChatOptions } | { kind: "help" } | { kind: "error"; message: string };

const OPTIONS = {
  "user-id": { type: "string" },
  name: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `./slotpilot chat`'s arguments: what to run with, a request for help, or what is wrong with them (`commandArgs`). */
export function parseChatArgs(args: readonly string[], demoUserId: number): ChatArgs {
  const read = commandArgs(args, OPTIONS);
  if (read.kind !== "values") return read;
  const { values } = read;
  const lang = values.lang ?? "ru";
  if (lang !== "en" && lang !== "ru") return error(`--lang is en or ru, not "${lang}"`);
  const rawId = values["user-id"] ?? String(demoUserId);
  // A Telegram id as the rest of Slotpilot reads one: plain decimal digits.
  const userId = parseDecimalId(rawId);
  if (userId === null) return error(`--user-id is a positive whole number, not "${rawId}"`);
  return { kind: "run", options: { userId, name: values.name ?? "Demo", lang } };
}

const error = (message: string): ChatArgs => ({ kind: "error", message });

/**
 * The button a line presses: `#2` (or `[2]`) is the second button of the newest message with
 * buttons, 0-based here. A plain number is text: a step that asks for a number must get it.
 */
export function pressedButton(line: string): number | undefined {
  const match = /^(?:#(\d+)|\[(\d+)\])$/.exec(line.trim());
  const n = Number(match?.[1] ?? match?.[2]);
  return match && n >= 1 ? n - 1 : undefined;
}
