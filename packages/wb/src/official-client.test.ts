import { type Sandbox, seedDemo, startSandbox } from "@slotpilot/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WbRateLimited, WbUnauthorized, WbUnavailable } from "./errors.ts";
import { createWbOfficialClient } from "./official-client.ts";
import { tokenClaims } from "./token.ts";

let sandbox: Sandbox;
let tokens: { personal: string; basic: string };
let client: ReturnType<typeof createWbOfficialClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, autoRun: false, startTime: Date.parse("2026-11-21T05:00:00Z") });
  const demo = seedDemo(sandbox);
  tokens = demo.cabinets[0]?.tokens ?? { personal: "", basic: "" };
  client = createWbOfficialClient({ hosts: sandbox.hosts });
});
afterAll(() => sandbox.close());

describe("WB official client against the sandbox", () => {
  it("reads the whole feed with WB's fields, QR rows without a box type", async () => {
    const { data, remaining } = await client.coefficients(tokens.personal);
    expect(data.length).toBeGreaterThan(5000);
    expect(data.some((row) => row.boxTypeID === undefined)).toBe(true);
    expect(remaining).toBe(5);
  });

  it("filters by warehouse", async () => {
    const { data } = await client.coefficients(tokens.personal, { warehouseIds: [507] });
    expect(new Set(data.map((r) => r.warehouseID))).toEqual(new Set([507]));
  });

  it("turns WB's 429 into WbRateLimited with the wait it asked for", async () => {
    // The Basic token's budget is one feed read per hour.
    await client.coefficients(tokens.basic);
    const error = await client.coefficients(tokens.basic).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WbRateLimited);
    expect((error as WbRateLimited).retryAfterMs).toBeGreaterThan(60_000);
  });

  it("refuses an unknown token as WbUnauthorized and a switched-off feed as WbUnavailable", async () => {
    await expect(client.coefficients("not-a-token")).rejects.toBeInstanceOf(WbUnauthorized);
    sandbox.control.setFaults({ feedOff: true });
    await expect(client.coefficients(tokens.personal)).rejects.toBeInstanceOf(WbUnavailable);
    sandbox.control.setFaults({ feedOff: false });
  });

  it("lists the account's unplanned supplies and reads one back", async () => {
    const { data } = await client.supplies(tokens.personal, { statusIDs: [1] });
    expect(data.length).toBe(3);
    const first = data[0];
    const details = await client.supply(tokens.personal, first?.preorderID ?? 0, { isPreorderID: true });
    expect(details.data.statusID).toBe(1);
  });

  it("reads the token's type and account from its claims", () => {
    expect(tokenClaims(tokens.personal).type).toBe("personal");
    expect(tokenClaims(tokens.basic).type).toBe("basic");
    expect(tokenClaims("garbage")).toEqual({ type: "unknown", accountId: undefined });
  });
});
