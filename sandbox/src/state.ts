import { randomBytes, randomUUID } from "node:crypto";
import { Accounts } from "./accounts.ts";
import { type ChallengeVerdict, PageChallenges } from "./challenge.ts";
import type { Clock } from "./clock.ts";
import { dayOf, isoTime } from "./dates.ts";
import { DEFAULT_FAULTS, type Faults, type FaultsPatch } from "./faults.ts";
import { PortalAuth } from "./portal-auth.ts";
import type { PowTask } from "./pow.ts";
import { checkAnswer } from "./pow.ts";
import { forkRandom, type Random } from "./prng.ts";
import { RateLimiter, type TokenType } from "./rate-limit.ts";
import { type ParsedScenario, scenarioSchema } from "./scenario.ts";
import { buildWarehouses, type Warehouse } from "./warehouses.ts";
import { World } from "./world.ts";

const POW_TASK_TTL_MS = 2 * 60_000;
const CAPTCHA_TOKEN_TTL_MS = 60_000;
const MAX_LOG_PER_SELLER = 5_000;

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  /** The official API's token type, or `session` for a portal (JSON-RPC) call made with a session. */
  tokenType: TokenType | "session";
  status: number;
}

/** A captcha token: one `plan/*` call within its lifetime, and only if its challenge passed. */
interface CaptchaToken {
  expiresAt: number;
  verdict: ChallengeVerdict;
}

/**
 * Everything the simulated WB knows, behind one object: the HTTP layer reads and changes it, the
 * in-process handle and the control API drive it. It never reads the wall clock directly — only
 * `clock` — so tests can hold time still.
 */
export class SandboxState {
  readonly clock: Clock;
  readonly warehouses: readonly Warehouse[] = buildWarehouses();
  seed: number;
  faults: Faults = { ...DEFAULT_FAULTS };
  accounts = new Accounts();
  auth: PortalAuth;
  world: World;
  limiter = new RateLimiter();
  challenges = new PageChallenges();
  private faultRandom: Random;
  private readonly defaults: Partial<Faults>;
  private powTasks = new Map<string, PowTask>();
  private captchaTokens = new Map<string, CaptchaToken>();
  private requestLogs = new Map<number, RequestLogEntry[]>();

  constructor(options: { seed: number; clock: Clock; faults?: Partial<Faults> }) {
    this.clock = options.clock;
    this.seed = options.seed;
    this.defaults = options.faults ?? {};
    this.faults = { ...DEFAULT_FAULTS, ...this.defaults };
    this.auth = new PortalAuth(forkRandom(this.seed, "auth"));
    this.faultRandom = forkRandom(this.seed, "faults");
    this.world = this.newWorld(this.seed, true);
  }

  now(): number {
    return this.clock.now();
  }

  /** Plays every world step due by now; cheap when none is, so request handlers call it freely. */
  sync(): void {
    this.world.runUntil(this.clock.now());
  }

  today(): number {
    return dayOf(this.clock.now());
  }

  /** A fresh world and no accounts: what `POST /__sandbox/reset` promises. */
  reset(seed?: number): void {
    this.seed = seed ?? this.seed;
    this.faults = { ...DEFAULT_FAULTS, ...this.defaults };
    this.accounts = new Accounts();
    this.auth = new PortalAuth(forkRandom(this.seed, "auth"));
    this.limiter = new RateLimiter();
    this.challenges = new PageChallenges();
    this.faultRandom = forkRandom(this.seed, "faults");
    this.powTasks = new Map();
    this.captchaTokens = new Map();
    this.requestLogs = new Map();
    this.world = this.newWorld(this.seed, true);
  }

  /**
   * Replays a scenario from now: a fresh calendar from the scenario's seed, default faults plus the
   * scenario's, and its timeline. Sellers, sessions and supplies stay, so a test can set up its
   * seller once and replay several mornings.
   */
  loadScenario(input: unknown): ParsedScenario {
    const scenario = scenarioSchema.parse(input);
    if (scenario.seed !== undefined) this.seed = scenario.seed;
    this.faults = { ...DEFAULT_FAULTS, ...this.defaults };
    this.faultRandom = forkRandom(this.seed, "faults");
    if (scenario.faults) this.applyFaults(scenario.faults);
    this.world = this.newWorld(this.seed, scenario.background, scenario.dynamics);
    this.world.loadTimeline(scenario, this.clock.now());
    return scenario;
  }

  applyFaults(patch: FaultsPatch): Faults {
    const { expireSessions, ...rest } = patch;
    for (const [k, v] of Object.entries(rest)) {
      if (v !== undefined) Object.assign(this.faults, { [k]: v });
    }
    if (expireSessions) this.auth.expireAll();
    return this.faults;
  }

  /** Decides whether this request is one of the `errorRate` share that fails with a 5xx. */
  injectError(): boolean {
    return this.faults.errorRate > 0 && this.faultRandom.chance(this.faults.errorRate);
  }

  /** Whether this login must pass the image captcha. */
  loginNeedsCaptcha(device: string): boolean {
    if (this.auth.isKnownDevice(device)) return false;
    return this.faults.captchaRate > 0 && this.faultRandom.chance(this.faults.captchaRate);
  }

  newPowTask(): PowTask {
    const now = this.clock.now();
    const task: PowTask = {
      id: randomUUID(),
      challenge: randomBytes(16).toString("hex"),
      difficulty: this.faults.powDifficulty,
      expiresAt: now + POW_TASK_TTL_MS,
    };
    this.powTasks.set(task.id, task);
    for (const [id, t] of this.powTasks) if (t.expiresAt <= now) this.powTasks.delete(id);
    return task;
  }

  /**
   * A correct answer to a live task yields a one-time captcha token; each task is answerable once.
   * The token is issued whatever the page's fingerprint says (as an opaque scoring service would),
   * but `consumeCaptchaToken` honours it only if the challenge passed (see `challenge.ts`).
   */
  verifyPow(
    id: string,
    answer: string,
    page: { nonce?: unknown; fingerprint?: unknown; userAgent?: string | undefined } = {},
  ): string | undefined {
    const task = this.powTasks.get(id);
    if (!task || task.expiresAt <= this.clock.now()) return undefined;
    if (!checkAnswer(task.challenge, answer, task.difficulty)) return undefined;
    this.powTasks.delete(id);
    const now = this.clock.now();
    for (const [t, entry] of this.captchaTokens) if (entry.expiresAt <= now) this.captchaTokens.delete(t);
    const token = randomBytes(32).toString("base64url");
    const verdict = this.challenges.score(page.nonce, page.fingerprint, page.userAgent);
    this.captchaTokens.set(token, { expiresAt: now + CAPTCHA_TOKEN_TTL_MS, verdict });
    return token;
  }

  /**
   * Spends a captcha token; true only the first time, before it expires, if its challenge passed in
   * a page of this same session, and if the call comes from the browser that ran it.
   */
  consumeCaptchaToken(token: string | undefined, caller: { session: string; userAgent: string | undefined }): boolean {
    if (!token) return false;
    const entry = this.captchaTokens.get(token);
    this.captchaTokens.delete(token);
    if (!entry || entry.expiresAt <= this.clock.now()) return false;
    const v = entry.verdict;
    if (this.faults.challengeRefusalRate > 0 && this.faultRandom.chance(this.faults.challengeRefusalRate)) return false;
    return v.passed && v.session === caller.session && v.userAgent === caller.userAgent;
  }

  logRequest(supplierId: number, entry: Omit<RequestLogEntry, "time">): void {
    let log = this.requestLogs.get(supplierId);
    if (!log) {
      log = [];
      this.requestLogs.set(supplierId, log);
    }
    log.push({ time: isoTime(this.clock.now()), ...entry });
    if (log.length > MAX_LOG_PER_SELLER) log.shift();
  }

  requestLog(supplierId: number): readonly RequestLogEntry[] {
    return this.requestLogs.get(supplierId) ?? [];
  }

  private newWorld(seed: number, background: boolean, dynamics?: ParsedScenario["dynamics"]): World {
    return new World({
      seed,
      now: this.clock.now(),
      warehouses: this.warehouses,
      background,
      ...(dynamics ? { dynamics: stripUndefined(dynamics) } : {}),
      competitors: () => ({
        delayMs: this.faults.competitorDelayMs,
        maxCoefficient: this.faults.competitorMaxCoefficient,
      }),
      onFaults: (patch) => this.applyFaults(patch),
    });
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
