import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { Accounts, type AccountsSnapshot } from "./accounts.ts";
import type { AuthSnapshot } from "./portal-auth.ts";
import type { SandboxState } from "./state.ts";

/**
 * What the sandbox keeps across a restart of its process — what WB itself would still know after an
 * outage: sellers, cabinets and their API tokens, preorders and supplies (a planned one stays
 * planned), drafts, and portal sessions (a logged-in browser stays logged in). The calendar is not
 * kept: it is a moving world, rebuilt from the seed at the moment of the restart. Neither are rate
 * limit buckets, request logs, logins or captchas under way.
 */
export interface SandboxSnapshot {
  version: 1;
  accounts: AccountsSnapshot;
  auth: AuthSnapshot;
}

export function takeSnapshot(state: SandboxState): SandboxSnapshot {
  return { version: 1, accounts: state.accounts.snapshot(), auth: state.auth.snapshot() };
}

function isSnapshot(value: unknown): value is SandboxSnapshot {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<SandboxSnapshot>;
  return (
    v.version === 1 &&
    Array.isArray(v.accounts?.sellers) &&
    Array.isArray(v.accounts?.supplies) &&
    Array.isArray(v.accounts?.drafts) &&
    typeof v.accounts?.next === "object" &&
    Array.isArray(v.auth?.sessions) &&
    Array.isArray(v.auth?.headerTokens) &&
    Array.isArray(v.auth?.knownDevices) &&
    Array.isArray(v.auth?.logins) &&
    Array.isArray(v.auth?.lastCodes)
  );
}

export function restoreSnapshot(state: SandboxState, snapshot: SandboxSnapshot): void {
  state.accounts = Accounts.fromSnapshot(snapshot.accounts);
  state.auth.restore(snapshot.auth);
}

export type LoadResult =
  | { loaded: true; sellers: number }
  | { loaded: false; reason: "none" }
  | { loaded: false; reason: "unreadable"; error: string };

/**
 * The sandbox's state in a file of its own: `load` restores what a previous process left, `save`
 * writes it again when it changed (atomically: a process killed mid-write leaves the last whole
 * copy). The file is the sandbox's, written only by it.
 */
export function stateFile(path: string, state: SandboxState) {
  let last = "";
  return {
    load(): LoadResult {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { loaded: false, reason: "none" };
        return { loaded: false, reason: "unreadable", error: String(error) };
      }
      try {
        const parsed: unknown = JSON.parse(text);
        if (!isSnapshot(parsed)) return { loaded: false, reason: "unreadable", error: "not a sandbox snapshot" };
        restoreSnapshot(state, parsed);
        last = text;
        return { loaded: true, sellers: parsed.accounts.sellers.length };
      } catch (error) {
        return { loaded: false, reason: "unreadable", error: String(error) };
      }
    },
    save(): void {
      const text = JSON.stringify(takeSnapshot(state));
      if (text === last) return;
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, text, { mode: 0o600 });
      renameSync(temporary, path);
      last = text;
    },
  };
}
