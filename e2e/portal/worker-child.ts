import { connect } from "@slotpilot/db";
import { createLogger } from "@slotpilot/observability";
import { startSessionKeeper } from "@slotpilot/workers";

/**
 * A session-keeping worker as its own process, for tests that kill one: it prints `ready`, then its
 * status as a JSON line every 200 ms, until it is stopped (SIGTERM) or killed (SIGKILL).
 * Arguments: database URL, WB hosts (JSON), encryption key (hex), worker id, lease TTL in ms.
 */
const [databaseUrl, hostsJson, keyHex, workerId, ttl] = process.argv.slice(2);
if (!databaseUrl || !hostsJson || !keyHex || !workerId || !ttl)
  throw new Error("usage: worker-child <db> <hosts> <key> <id> <ttl>");

const db = connect(databaseUrl);
const keeper = await startSessionKeeper({
  db,
  databaseUrl,
  encryptionKey: Buffer.from(keyHex, "hex"),
  hosts: JSON.parse(hostsJson),
  target: "sandbox",
  log: createLogger({ level: "warn", write: (line) => process.stderr.write(`${line}\n`) }),
  adminTelegramIds: [],
  workerId,
  settings: { tickMs: 100, leaseTtlMs: Number(ttl), reloginBaseMs: 200, capacity: 10 },
});
process.stdout.write("ready\n");
const timer = setInterval(() => process.stdout.write(`${JSON.stringify(keeper.status())}\n`), 200);
process.once("SIGTERM", () => {
  clearInterval(timer);
  void keeper
    .stop()
    .then(() => db.destroy())
    .then(() => process.exit(0));
});
