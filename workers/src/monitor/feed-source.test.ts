import { silentLogger } from "@slotpilot/observability";
import { WbRateLimited, WbUnauthorized, WbUnavailable } from "@slotpilot/wb";
import { describe, expect, it } from "vitest";
import type { Clock } from "./clock.ts";
import { createFeedSource } from "./feed-source.ts";
import type { PoolToken } from "./token-pool.ts";

const T0 = Date.parse("2026-11-21T06:00:00Z");
const token = (id: string, accountId: string): PoolToken => ({ id, token: `secret-${id}`, accountId, label: id });

function setup(answers: Record<string, () => Error | undefined>, pool: () => Promise<PoolToken[]>) {
  let now = T0;
  const clock: Clock = { now: () => now, sleep: async () => {} };
  const used: string[] = [];
  const source = createFeedSource({
    client: {
      coefficients: async (secret: string) => {
        used.push(secret);
        const error = answers[secret]?.();
        if (error) throw error;
        return { data: [], remaining: 5 };
      },
    },
    loadTokens: pool,
    clock,
    log: silentLogger,
    refreshMs: 60_000,
  });
  /** Reads whenever the source is due, until `untilMs`; returns what each read did. */
  async function run(untilMs: number) {
    const outcomes: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const at = await source.nextReadAt(now);
      if (at === null || at > T0 + untilMs) break;
      now = Math.max(now, at);
      outcomes.push(
        await source.read(new AbortController().signal).then(
          () => `ok@${now - T0}`,
          (e: Error) => `${e.name}@${now - T0}`,
        ),
      );
    }
    return outcomes;
  }
  return { source, run, used, advance: (ms: number) => (now += ms) };
}

describe("createFeedSource", () => {
  it("reads round-robin over the accounts with one token each, every 10 s / N", async () => {
    const { run, used } = setup({}, async () => [token("a", "1"), token("b", "2"), token("b2", "2")]);
    expect(await run(20_000)).toEqual(["ok@0", "ok@5000", "ok@10000", "ok@15000", "ok@20000"]);
    expect(used).toEqual(["secret-a", "secret-b", "secret-a", "secret-b", "secret-a"]);
  });

  it("a refused token leaves the pool; the account's other token takes over", async () => {
    const { run, used, source } = setup({ "secret-b": () => new WbUnauthorized("refused", 401) }, async () => [
      token("b", "2"),
      token("b2", "2"),
    ]);
    const outcomes = await run(30_000);
    expect(outcomes[0]).toBe("WbUnauthorized@0");
    expect(used.slice(1).every((t) => t === "secret-b2")).toBe(true);
    expect(source.health()).toEqual({ usableAccounts: 1, usableTokens: 1 });
  });

  it("waits out a 429 as long as WB said", async () => {
    let limited = true;
    const { run } = setup(
      {
        "secret-a": () => {
          if (!limited) return undefined;
          limited = false;
          return new WbRateLimited(42_000, 6);
        },
      },
      async () => [token("a", "1")],
    );
    expect(await run(60_000)).toEqual(["WbRateLimited@0", "ok@42000", "ok@52000"]);
  });

  it("keeps its pace through an outage, within every account's budget, and reads again one interval after WB is back", async () => {
    let down = true;
    const off = () => (down ? new WbUnavailable("WB answered 503", 503) : undefined);
    const { run, used } = setup({ "secret-a": off, "secret-c": off, "secret-d": off, "secret-e": off }, async () => [
      token("a", "1"),
      token("c", "3"),
      token("d", "4"),
      token("e", "5"),
    ]);
    const outage = await run(60_000);
    // One read every 10 s / 4 accounts, failed or not: each account at its own pace of one per 10 s.
    expect(outage.map((o) => Number(o.split("@")[1]))).toEqual(Array.from({ length: 25 }, (_, i) => i * 2_500));
    expect(outage.every((o) => o.startsWith("WbUnavailable"))).toBe(true);
    expect(used.filter((t) => t === "secret-a")).toHaveLength(7);
    // WB answers again just after the last failed read: the next read, one interval later, succeeds.
    down = false;
    const after = await run(62_500);
    expect(after).toEqual(["ok@62500"]);
  });

  it("keeps the pool it has when the database cannot be read, and says when it has nothing", async () => {
    let fail = false;
    const { source, advance } = setup({}, async () => {
      if (fail) throw new Error("database down");
      return [token("a", "1")];
    });
    expect(await source.nextReadAt(T0)).toBe(T0);
    fail = true;
    advance(120_000);
    expect(await source.nextReadAt(T0 + 120_000)).toBe(T0 + 120_000);
    const empty = setup({}, async () => []);
    expect(await empty.source.nextReadAt(T0)).toBeNull();
  });
});
