import { randomBytes } from "node:crypto";
import type { Random } from "./prng.ts";

/** WB's `wb-seller-lk` header token lives about five minutes; the page must keep refreshing it. */
export const HEADER_TOKEN_TTL_MS = 5 * 60_000;
/** Wrong codes allowed before a new code must be requested. */
const MAX_WRONG_CODES = 5;
const CODE_TTL_MS = 5 * 60_000;

export interface Session {
  token: string;
  refresh: string;
  phone: string;
  device: string;
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
}

interface LoginAttempt {
  phone: string;
  device: string;
  captcha: { id: string; answer: string } | null;
  code: string | null;
  codeSentAt: number;
  wrongCodes: number;
}

export type ConfirmResult =
  | { ok: true; session: Session }
  | { ok: false; reason: "wrong-code" | "no-code" | "expired" };

/** What `PortalAuth` keeps across a restart of the sandbox's process: sessions stay logged in. */
export interface AuthSnapshot {
  sessions: Session[];
  headerTokens: [string, { session: string; expiresAt: number }][];
  knownDevices: string[];
  logins: [string, number][];
  lastCodes: [string, string][];
}

const secret = () => randomBytes(24).toString("base64url");

/**
 * Phone + SMS login, cookie sessions and short-lived header tokens. Codes and captcha answers come
 * from a seeded stream; session secrets from crypto, since something may store them.
 */
export class PortalAuth {
  readonly lastCodes = new Map<string, string>();
  /** Successful SMS logins per phone: what a seller who keeps being asked for codes would count. */
  readonly logins = new Map<string, number>();
  private readonly attempts = new Map<string, LoginAttempt>();
  private readonly sessions = new Map<string, Session>();
  private readonly headerTokens = new Map<string, { session: string; expiresAt: number }>();
  private readonly knownDevices = new Set<string>();
  private readonly random: Random;

  constructor(random: Random) {
    this.random = random;
  }

  /** A device that has logged in before is trusted and never shown the image captcha. */
  isKnownDevice(device: string): boolean {
    return this.knownDevices.has(device);
  }

  start(phone: string, device: string, withCaptcha: boolean, now: number): LoginAttempt {
    const attempt: LoginAttempt = { phone, device, captcha: null, code: null, codeSentAt: now, wrongCodes: 0 };
    this.attempts.set(phone, attempt);
    if (withCaptcha) attempt.captcha = { id: secret(), answer: this.digits(5) };
    else this.sendCode(attempt, now);
    return attempt;
  }

  attempt(phone: string): LoginAttempt | undefined {
    return this.attempts.get(phone);
  }

  captchaAnswer(phone: string): string | undefined {
    return this.attempts.get(phone)?.captcha?.answer;
  }

  captchaById(id: string): string | undefined {
    for (const a of this.attempts.values()) if (a.captcha?.id === id) return a.captcha.answer;
    return undefined;
  }

  /** Right answer: the code is sent. Wrong: a fresh captcha, as real captchas never allow a retry. */
  solveCaptcha(phone: string, answer: string, now: number): boolean {
    const attempt = this.attempts.get(phone);
    if (!attempt?.captcha) return false;
    if (attempt.captcha.answer !== answer.trim()) {
      attempt.captcha = { id: secret(), answer: this.digits(5) };
      return false;
    }
    attempt.captcha = null;
    this.sendCode(attempt, now);
    return true;
  }

  confirm(phone: string, code: string, now: number, sessionTtlMs: number): ConfirmResult {
    const attempt = this.attempts.get(phone);
    if (!attempt?.code) return { ok: false, reason: "no-code" };
    if (now - attempt.codeSentAt > CODE_TTL_MS) return { ok: false, reason: "expired" };
    if (attempt.code !== code.trim()) {
      attempt.wrongCodes += 1;
      if (attempt.wrongCodes >= MAX_WRONG_CODES) attempt.code = null;
      return { ok: false, reason: "wrong-code" };
    }
    this.attempts.delete(phone);
    this.knownDevices.add(attempt.device);
    this.logins.set(phone, (this.logins.get(phone) ?? 0) + 1);
    const session: Session = {
      token: secret(),
      refresh: secret(),
      phone,
      device: attempt.device,
      createdAt: now,
      expiresAt: now + sessionTtlMs,
      revoked: false,
    };
    this.sessions.set(session.token, session);
    return { ok: true, session };
  }

  session(token: string | undefined, now: number): Session | undefined {
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (!session || session.revoked || session.expiresAt <= now) return undefined;
    return session;
  }

  /**
   * A new header token. Like WB's `slide-v3`, it also slides the session: a session whose pages keep
   * refreshing their header never expires, an idle one ends `sessionTtlMs` after its last refresh.
   */
  issueHeaderToken(session: Session, now: number, sessionTtlMs: number): { token: string; expiresAt: number } {
    session.expiresAt = Math.max(session.expiresAt, now + sessionTtlMs);
    // Pages refresh every few minutes for as long as they stay open; drop what has expired.
    for (const [t, entry] of this.headerTokens) if (entry.expiresAt <= now) this.headerTokens.delete(t);
    const token = secret();
    const expiresAt = now + HEADER_TOKEN_TTL_MS;
    this.headerTokens.set(token, { session: session.token, expiresAt });
    return { token, expiresAt };
  }

  headerTokenValid(token: string | undefined, session: Session, now: number): boolean {
    if (!token) return false;
    const entry = this.headerTokens.get(token);
    return entry !== undefined && entry.session === session.token && entry.expiresAt > now;
  }

  logout(token: string): void {
    const session = this.sessions.get(token);
    if (session) session.revoked = true;
  }

  /** Fault: every current session ends now (pages bounce to login, JSON-RPC answers 401). */
  expireAll(): number {
    let count = 0;
    for (const s of this.sessions.values()) {
      if (!s.revoked) count += 1;
      s.revoked = true;
    }
    this.headerTokens.clear();
    return count;
  }

  /** Logins under way are left out: a restart in the middle of one asks for the phone again. */
  snapshot(): AuthSnapshot {
    return {
      sessions: [...this.sessions.values()],
      headerTokens: [...this.headerTokens],
      knownDevices: [...this.knownDevices],
      logins: [...this.logins],
      lastCodes: [...this.lastCodes],
    };
  }

  restore(snapshot: AuthSnapshot): void {
    for (const session of snapshot.sessions) this.sessions.set(session.token, session);
    for (const [token, entry] of snapshot.headerTokens) this.headerTokens.set(token, entry);
    for (const device of snapshot.knownDevices) this.knownDevices.add(device);
    for (const [phone, count] of snapshot.logins) this.logins.set(phone, count);
    for (const [phone, code] of snapshot.lastCodes) this.lastCodes.set(phone, code);
  }

  private sendCode(attempt: LoginAttempt, now: number): void {
    attempt.code = this.digits(6);
    attempt.codeSentAt = now;
    attempt.wrongCodes = 0;
    this.lastCodes.set(attempt.phone, attempt.code);
  }

  private digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.random.int(0, 9));
    return s;
  }
}
