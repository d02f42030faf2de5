import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadApiConfig } from "@slotpilot/config";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { JobQueue } from "@slotpilot/jobs";
import { Metrics, silentLogger } from "@slotpilot/observability";
import { createWbOfficialClient, REAL_WB_HOSTS, type WbHosts } from "@slotpilot/wb";
import { createApp } from "./app.ts";
import type { ApiDeps } from "./context.ts";
import { createEventHub } from "./event-hub.ts";
import { type RunningApi, startApi } from "./server.ts";

export const LIVE_BOT_TOKEN = "7000000001:LIVEtokenLIVEtokenLIVEtokenLIVEtok";

/** An API on its own fresh database, in demo mode or (with a bot token) live mode. */
export async function createTestApi(
  adminUrl: string,
  options: {
    mode?: "demo" | "live";
    env?: Record<string, string>;
    now?: () => Date;
    miniappDir?: string;
    /** WB hosts (a sandbox's); default real WB, which tests must never reach. */
    wbHosts?: WbHosts;
    botStatus?: ApiDeps["botStatus"];
    sandboxStatus?: ApiDeps["sandboxStatus"];
    /** Fail on an error status a route's OpenAPI entry does not list (see `ApiDeps.checkErrorDocs`). */
    checkErrorDocs?: boolean;
    /** Where the API logs; default nowhere. */
    log?: ApiDeps["log"];
  } = {},
) {
  const database: TestDatabase = await createTestDatabase(adminUrl);
  const queue = await JobQueue.start(database.url);
  const dataDir = mkdtempSync(join(tmpdir(), "slotpilot-api-"));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    ...(options.mode === "live" ? { TELEGRAM_BOT_TOKEN: LIVE_BOT_TOKEN, ENCRYPTION_KEY: "ab".repeat(32) } : {}),
    ...options.env,
  };
  const deps: ApiDeps = {
    config: loadApiConfig(env),
    db: database.db,
    queue,
    log: options.log ?? silentLogger,
    metrics: new Metrics(),
    wb: createWbOfficialClient({ hosts: options.wbHosts ?? REAL_WB_HOSTS }),
    events: createEventHub(database.url, silentLogger),
    ...(options.now ? { now: options.now } : {}),
    ...(options.miniappDir ? { miniappDir: options.miniappDir } : {}),
    ...(options.botStatus ? { botStatus: options.botStatus } : {}),
    ...(options.sandboxStatus ? { sandboxStatus: options.sandboxStatus } : {}),
  };
  const undocumented = new Set<string>();
  if (options.checkErrorDocs) deps.onUndocumentedError = (message) => undocumented.add(message);
  let server: RunningApi | undefined;
  return {
    app: createApp(deps),
    deps,
    db: database.db,
    /** The database's URL (for LISTEN in tests that run workers beside this API). */
    url: database.url,
    /** Serves this API on a random loopback port (for browser tests); returns its base URL. */
    listen: async () => {
      server ??= await startApi(deps, { port: 0, host: "127.0.0.1" });
      return server.url;
    },
    close: async () => {
      await server?.close();
      await deps.events?.close();
      await queue.stop(1000);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
      // Every error the file's tests drew from a route must be in that route's OpenAPI entry.
      if (undocumented.size > 0) throw new Error(`undocumented errors:\n${[...undocumented].join("\n")}`);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
export const json = (res: Response): Promise<any> => res.json();
