import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seal, unseal } from "./secret-box.ts";

const key = randomBytes(32);

describe("secret box", () => {
  it("round-trips a secret without the plaintext appearing in what is stored", () => {
    const sealed = seal(key, "wb-token-abc", "cabinet:1:token");
    expect(sealed.toString("latin1")).not.toContain("wb-token-abc");
    expect(unseal(key, sealed, "cabinet:1:token")).toBe("wb-token-abc");
  });

  it("refuses another key, another row's context, and tampered bytes", () => {
    const sealed = seal(key, "wb-token-abc", "cabinet:1:token");
    expect(() => unseal(randomBytes(32), sealed, "cabinet:1:token")).toThrow();
    expect(() => unseal(key, sealed, "cabinet:2:token")).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    expect(() => unseal(key, tampered, "cabinet:1:token")).toThrow();
  });

  it("never produces the same ciphertext twice", () => {
    expect(seal(key, "same", "c").equals(seal(key, "same", "c"))).toBe(false);
  });
});
