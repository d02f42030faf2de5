import { createHash } from "node:crypto";

/**
 * Proof-of-work captcha: find a nonce so that SHA-256(challenge + nonce) starts with `difficulty`
 * zero bits. Cheap to check, costly to produce in bulk — that is the whole point for WB, and the
 * sandbox wants the cost to be real so booking speed is measured honestly.
 */
export interface PowTask {
  id: string;
  challenge: string;
  difficulty: number;
  expiresAt: number;
}

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function checkAnswer(challenge: string, answer: string, difficulty: number): boolean {
  const digest = createHash("sha256")
    .update(challenge + answer)
    .digest();
  return leadingZeroBits(digest) >= difficulty;
}

/** The reference solver (tests and drivers may reuse it): smallest decimal nonce that passes. */
export function solvePow(challenge: string, difficulty: number): string {
  for (let nonce = 0; ; nonce++) {
    const answer = String(nonce);
    if (checkAnswer(challenge, answer, difficulty)) return answer;
  }
}
