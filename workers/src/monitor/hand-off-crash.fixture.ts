/**
 * Test fixture (run by hand-off.test.ts in a child process, never by the product): a monitor that
 * reads one feed and is killed — SIGKILL, no cleanup — the moment its decisions are handed to the
 * fast path, that is after the decision transaction committed and before the bookkeeping began.
 *
 * Input: HAND_OFF_DB (database URL), HAND_OFF_NOW (epoch ms), HAND_OFF_ROWS (the feed, JSON).
 * Exit code 3 means it was not killed: no decision was stored.
 */
import { connect } from "@slotpilot/db";
import type { FeedRow } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { createMonitor } from "./monitor.ts";

const url = process.env.HAND_OFF_DB ?? "";
const now = Number(process.env.HAND_OFF_NOW);
const rows = JSON.parse(process.env.HAND_OFF_ROWS ?? "[]") as FeedRow[];

const db = connect(url);
const monitor = createMonitor({
  db,
  sources: [
    {
      name: "fixture",
      nextReadAt: async (at) => at,
      read: async () => ({ rows, via: "fixture" }),
      health: () => ({ usableAccounts: 1, usableTokens: 1 }),
    },
  ],
  clock: { now: () => now, sleep: async () => {} },
  log: silentLogger,
  onDecisions: () => process.kill(process.pid, "SIGKILL"),
});
await monitor.start();
await monitor.cycle(new AbortController().signal);
await monitor.close();
await db.destroy();
process.exit(3);
