import { silentLogger } from "@slotpilot/observability";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "./context.ts";
import { errorHandler } from "./errors.ts";

describe("error boundary", () => {
  it("turns an unexpected failure into a 500 that reveals no internals, and logs it", async () => {
    const logged: string[] = [];
    const log = { ...silentLogger, error: (msg: string) => void logged.push(msg) };
    const app = new Hono<AppEnv>().get("/boom", () => {
      throw new Error("password=hunter2 at db.ts:42");
    });
    app.onError(errorHandler(log));
    const res = await app.request("/boom", { headers: { "accept-language": "en" } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text).error.code).toBe("internal");
    expect(logged).toEqual(["unhandled error"]);
  });
});
