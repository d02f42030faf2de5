import { signInitData } from "@slotpilot/domain";
import { type DemoSeed, type Sandbox, seedDemo, startSandbox } from "@slotpilot/sandbox";
import { createTestApi, LIVE_BOT_TOKEN } from "../testing.ts";

/** The sandbox's clock and the API's agree, so "today" is the same day on both sides. */
export const TEST_NOW = new Date("2026-11-21T05:00:00Z");

/** An API wired to an in-process WB sandbox with its demo seller, and a way to call it as anyone. */
export async function sellerTestKit(adminUrl: string) {
  const sandbox: Sandbox = await startSandbox({ port: 0, autoRun: false, startTime: TEST_NOW });
  const demo: DemoSeed = seedDemo(sandbox);
  const api = await createTestApi(adminUrl, {
    mode: "live",
    wbHosts: sandbox.hosts,
    now: () => TEST_NOW,
    checkErrorDocs: true,
  });
  const authorizationOf = (telegramId: number, languageCode = "en") =>
    `tma ${signInitData({ user: { id: telegramId, first_name: `Seller ${telegramId}`, language_code: languageCode }, authDate: TEST_NOW }, LIVE_BOT_TOKEN)}`;
  const as = (telegramId: number, languageCode = "en") => {
    const authorization = authorizationOf(telegramId, languageCode);
    return (path: string, init: { method?: string; body?: unknown } = {}) =>
      api.app.request(path, {
        method: init.method ?? "GET",
        headers: { authorization, "content-type": "application/json" },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
  };
  /** As `as`, but the body and headers go out exactly as given (wrong content types, broken JSON). */
  const raw = (telegramId: number, languageCode = "en") => {
    const authorization = authorizationOf(telegramId, languageCode);
    return (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
      api.app.request(path, {
        method: init.method ?? "GET",
        headers: { authorization, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
  };
  const tokens = demo.cabinets[0]?.tokens ?? { personal: "", basic: "" };
  return {
    sandbox,
    demo,
    api,
    tokens,
    as,
    raw,
    /** How many rows a table holds: what a refused request must leave as it was. */
    rows: async (table: "cabinets" | "booking_tasks" | "task_events") =>
      Number(
        (
          await api.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    close: async () => {
      await api.close();
      await sandbox.close();
    },
  };
}
