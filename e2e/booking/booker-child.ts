import { connect } from "@slotpilot/db";
import { createLogger } from "@slotpilot/observability";
import { startBooker, startSessionKeeper } from "@slotpilot/workers";

/**
 * A booking worker as its own process (a session keeper and its booker), for tests that kill one.
 * Prints `ready`, then its keeper's status as a JSON line every 200 ms, until stopped or killed.
 * Arguments: database URL, WB hosts (JSON), encryption key (hex), worker id, lease TTL in ms.
 */
const [databaseUrl, hostsJson, keyHex, workerId, ttl] = process.argv.slice(2);
if (!databaseUrl || !hostsJson || !keyHex || !workerId || !ttl)
  throw new Error("usage: booker-child <db> <hosts> <key> <id> <ttl>");

const db = connect(databaseUrl);
const log = createLogger({ level: "warn", write: (line) => process.stderr.write(`${line}\n`) });
const hosts = JSON.parse(hostsJson);
const encryptionKey = Buffer.from(keyHex, "hex");
const keeper = await startSessionKeeper({
  db,
  databaseUrl,
  encryptionKey,
  hosts,
  target: "sandbox",
  log,
  adminTelegramIds: [],
  workerId,
  settings: { tickMs: 100, leaseTtlMs: Number(ttl), reloginBaseMs: 200, capacity: 10 },
});
const booker = await startBooker({ db, databaseUrl, encryptionKey, hosts, keeper, log, pollMs: 200 });
process.stdout.write("ready\n");
const timer = setInterval(() => process.stdout.write(`${JSON.stringify(keeper.status())}\n`), 200);
process.once("SIGTERM", () => {
  clearInterval(timer);
  void booker
    .stop()
    .then(() => keeper.stop())
    .then(() => db.destroy())
    .then(() => process.exit(0));
});
