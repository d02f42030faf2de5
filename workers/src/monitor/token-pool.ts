import { type MonitorCabinet, openCabinetToken, tokenFingerprint } from "@slotpilot/db";
import { tokenClaims } from "@slotpilot/wb";
import type { AccountTokens } from "./read-scheduler.ts";

/** A token the monitor may read the feed with. */
export interface PoolToken {
  /** Stable and not secret (the token's sha-256): what logs, statuses and the scheduler see. */
  id: string;
  token: string;
  /** The WB seller account whose budget the token spends. */
  accountId: string;
  /** Where the token came from, for logs: `cabinet 12`, `house (demo)`. */
  label: string;
}

/**
 * The opted-in cabinets' tokens. The account comes from the cabinet row, else from the token's own
 * claims; a token whose account is unknown counts as an account of its own (it might share a budget
 * with another cabinet — the scheduler's 429 handling covers that rare case).
 */
export function tokensFromCabinets(
  encryptionKey: Buffer,
  cabinets: readonly MonitorCabinet[],
  onUnreadable: (cabinetId: number, error: unknown) => void,
): PoolToken[] {
  const tokens: PoolToken[] = [];
  for (const cabinet of cabinets) {
    let token: string;
    try {
      token = openCabinetToken(encryptionKey, cabinet);
    } catch (error) {
      onUnreadable(cabinet.id, error);
      continue;
    }
    const account = cabinet.wb_account_id ?? tokenClaims(token).accountId;
    tokens.push({
      id: cabinet.token_fingerprint,
      token,
      accountId: account === undefined ? `cabinet:${cabinet.id}` : String(account),
      label: `cabinet ${cabinet.id}`,
    });
  }
  return tokens;
}

/** A token handed to the monitor directly rather than through a cabinet (the demo's house token). */
export function standaloneToken(token: string, label: string): PoolToken {
  const account = tokenClaims(token).accountId;
  const id = tokenFingerprint(token);
  return { id, token, accountId: account === undefined ? `token:${id.slice(0, 12)}` : String(account), label };
}

/** Groups tokens by account, keeping the order they came in; one token appearing twice counts once. */
export function groupByAccount(tokens: readonly PoolToken[]): AccountTokens[] {
  const byAccount = new Map<string, string[]>();
  for (const t of tokens) {
    const ids = byAccount.get(t.accountId) ?? [];
    if (!ids.includes(t.id)) ids.push(t.id);
    byAccount.set(t.accountId, ids);
  }
  return [...byAccount].map(([accountId, tokenIds]) => ({ accountId, tokenIds }));
}
