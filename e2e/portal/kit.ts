import { createTestApi, LIVE_BOT_TOKEN } from "@slotpilot/api/testing";
import { listenPortalSignals, upsertTelegramUser } from "@slotpilot/db";
import { signInitData } from "@slotpilot/domain";
import { createLogger, type Logger } from "@slotpilot/observability";
import { type PortalDriver, sandboxPortalDriver } from "@slotpilot/portal";
import { type Faults, type Sandbox, startSandbox } from "@slotpilot/sandbox";
import {
  BrowserPool,
  type KeeperSettings,
  launchPortalChromium,
  pgSessionStores,
  SessionKeeper,
} from "@slotpilot/workers";

/** 2026-11-21 09:00 UTC: the sandbox's (manual) clock; the keeper runs on real time. */
export const START = Date.UTC(2026, 10, 21, 9, 0, 0);

/** Fast clocks for tests: the same code paths, minutes turned into moments. */
export const FAST: Partial<KeeperSettings> = {
  tickMs: 100,
  leaseTtlMs: 4_000,
  reloginBaseMs: 200,
  capacity: 10,
  parallel: 4,
};

/** Every log line written, to check that no session material ever reaches a log. */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger({ level: "debug", write: (line) => lines.push(line) }), lines };
}

/**
 * An API (live mode, its own database) over a quiet WB sandbox on a port, and a way to run session
 * keepers beside it — each with its own Chromium, as separate workers would be.
 */
export async function sessionKit(
  adminUrl: string,
  options: {
    sandboxFaults?: Partial<Faults>;
    /** The sandbox follows real time (its request log too), from `startTime`. */
    autoRun?: boolean;
    /** The sandbox's and the API's "now" at the start (default START, a fixed morning). */
    startTime?: number;
  } = {},
) {
  const startTime = options.startTime ?? START;
  const sandbox: Sandbox = await startSandbox({
    port: 0,
    autoRun: options.autoRun ?? false,
    startTime,
    faults: { powDifficulty: 8, competitorDelayMs: null, ...options.sandboxFaults },
    scenario: { background: false },
  });
  const api = await createTestApi(adminUrl, {
    mode: "live",
    wbHosts: sandbox.hosts,
    now: () => new Date(startTime),
    env: { ADMIN_TELEGRAM_IDS: "777000" },
  });
  const keepers: SessionKeeper[] = [];
  const key = api.deps.config.encryptionKey;

  const as = (telegramId: number, languageCode = "en") => {
    // Signed at the API's "now", which is the sandbox's fixed morning: initData from its future is refused.
    const user = { id: telegramId, first_name: `Seller ${telegramId}`, language_code: languageCode };
    const authorization = `tma ${signInitData({ user, authDate: new Date(startTime) }, LIVE_BOT_TOKEN)}`;
    return async (path: string, init: { method?: string; body?: unknown } = {}) => {
      const res = await api.app.request(path, {
        method: init.method ?? "GET",
        headers: { authorization, "content-type": "application/json" },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const type = res.headers.get("content-type") ?? "";
      // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
      const body: any = type.includes("json") ? await res.json() : Buffer.from(await res.arrayBuffer());
      return { status: res.status, body, type };
    };
  };

  return {
    sandbox,
    api,
    db: api.db,
    key,
    as,
    /** A user and organization created the way the API creates them on first sight. */
    async seller(telegramId: number) {
      return upsertTelegramUser(api.db, { telegramId, firstName: `Seller ${telegramId}` }, { isAdmin: false });
    },
    /** A session keeper in this process: its own Chromium, pool and worker id. */
    async keeper(
      workerId: string,
      settings: Partial<KeeperSettings> = {},
      extra: { log?: Logger; driver?: (inner: PortalDriver) => PortalDriver } = {},
    ) {
      const log = extra.log ?? createLogger({ level: "warn", write: () => {} });
      const driver = sandboxPortalDriver(sandbox.hosts);
      const pool = new BrowserPool({ launch: () => launchPortalChromium(), capacity: settings.capacity ?? 10, log });
      const keeper = new SessionKeeper({
        workerId,
        stores: pgSessionStores({ db: api.db, encryptionKey: key, workerId, adminChatIds: [777000] }),
        pool,
        driver: extra.driver ? extra.driver(driver) : driver,
        log,
        settings: { ...FAST, ...settings },
        signals: (onSignal) => listenPortalSignals(api.url, onSignal),
      });
      await keeper.start();
      keepers.push(keeper);
      return { keeper, pool };
    },
    async close() {
      for (const k of keepers) await k.stop().catch(() => {});
      await api.close();
      await sandbox.close();
    },
  };
}

export type SessionKit = Awaited<ReturnType<typeof sessionKit>>;

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  what = "condition",
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
