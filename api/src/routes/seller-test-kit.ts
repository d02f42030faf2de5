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
  /** The demo cabinet connected by its Personal token for `telegramId`: its id and the seller's organization. */
  const connectCabinet = async (telegramId: number, languageCode = "en") => {
    const res = await as(telegramId, languageCode)("/api/cabinets", {
      method: "POST",
      body: { name: "Main", apiToken: tokens.personal },
    });
    const cabinetId = ((await res.json()) as { cabinet: { id: number } }).cabinet.id;
    const { organization_id } = await api.db
      .selectFrom("cabinets")
      .select("organization_id")
      .where("id", "=", cabinetId)
      .executeTakeFirstOrThrow();
    return { cabinetId, organizationId: organization_id };
  };
  /** A draft task for the week from 23 November, by `POST /api/tasks` (creating it asks WB nothing). */
  const draftTask = (telegramId: number, cabinetId: number, draftId: string, mode: "book" | "alert" = "book") =>
    as(telegramId)("/api/tasks", {
      method: "POST",
      body: {
        cabinetId,
        supply: { kind: "draft", draftId, warehouseIds: [507] },
        boxTypeId: 2,
        dateFrom: "2026-11-23",
        dateTo: "2026-11-30",
        maxCoefficient: 0,
        mode,
      },
    });
  return {
    connectCabinet,
    draftTask,
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
