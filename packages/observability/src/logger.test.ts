import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("logger", () => {
  it("never writes secrets, however deep they sit", () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    log.info("login", { apiToken: "wb-123", nested: { authorization: "tma abc", ok: 1 }, initData: "hash=1" });
    const text = lines.join("\n");
    expect(text).not.toContain("wb-123");
    expect(text).not.toContain("tma abc");
    expect(text).not.toContain("hash=1");
    expect(JSON.parse(lines[0] ?? "{}").nested.ok).toBe(1);
  });

  it("drops lines below its level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "warn", write: (line) => lines.push(line) });
    log.info("quiet");
    log.warn("loud");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["loud"]);
  });
});
