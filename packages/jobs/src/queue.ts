import { fromKysely, type JobResult, type KyselyTransactionLike, PgBoss } from "pg-boss";
import type { JobContract } from "./contracts.ts";
import { ALL_JOBS } from "./contracts.ts";

export interface SendOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  trx?: KyselyTransactionLike;
  /** Idempotency: a second job with the same key is not created while the first is queued. */
  key?: string;
  startAfter?: Date;
}

export interface JobContext {
  id: string;
  retryCount: number;
  signal: AbortSignal;
}

export type JobHandler<T> = (data: T, context: JobContext) => Promise<void>;

/** Turns a job's outcome into a log line and metrics; implemented by the worker process. */
export type JobObserver = (event: {
  queue: string;
  id: string;
  outcome: "completed" | "retry" | "dead";
  error?: unknown;
  ms: number;
}) => void;

const DEAD = (queue: string) => `${queue}.dead`;

/** A queued payload this version of the contract cannot read: retrying will not change it. */
class PayloadInvalid extends Error {
  override name = "PayloadInvalid";
}

/** What a failed job and its dead letter record: a stable code and a short message. */
export function failureOf(error: unknown): { code: string; message: string } {
  const code =
    error instanceof PayloadInvalid
      ? "job.payload_invalid"
      : typeof (error as { code?: unknown })?.code === "string"
        ? String((error as { code: string }).code)
        : error instanceof Error
          ? error.name
          : "unknown";
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: message.slice(0, 500) };
}

function readFailure(output: unknown): { code: string; message: string } | null {
  const o = output as { code?: unknown; message?: unknown } | null;
  return typeof o?.code === "string" && typeof o.message === "string" ? { code: o.code, message: o.message } : null;
}

/**
 * The job queue: pg-boss on the app's own PostgreSQL, with LISTEN/NOTIFY so a worker picks a new
 * job up at once instead of on its next poll.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly jobs: readonly JobContract<unknown>[];

  private constructor(boss: PgBoss, jobs: readonly JobContract<unknown>[]) {
    this.boss = boss;
    this.jobs = jobs;
  }

  /** Connects, installs or upgrades pg-boss's schema, and creates every contract's queue. */
  static async start(
    url: string,
    options: {
      maintenance?: boolean;
      onError?: (e: Error) => void;
      /** The contracts whose queues exist; default every contract of the product. */
      jobs?: readonly JobContract<unknown>[];
    } = {},
  ): Promise<JobQueue> {
    const jobs = options.jobs ?? ALL_JOBS;
    const boss = new PgBoss({
      connectionString: url,
      max: 4,
      // Bounded waits, as for every other connection (see @slotpilot/db's connect).
      connectionTimeoutMillis: 5_000,
      options: "-c statement_timeout=15000",
      useListenNotify: true,
      supervise: options.maintenance ?? false,
      schedule: options.maintenance ?? false,
      application_name: "slotpilot-queue",
    });
    boss.on("error", (e: Error) => options.onError?.(e));
    await boss.start();
    for (const job of jobs) {
      await boss.createQueue(DEAD(job.queue), { retentionSeconds: 14 * 24 * 3600 });
      await boss.createQueue(job.queue, {
        retryLimit: job.retry.limit,
        retryDelay: job.retry.delaySeconds,
        retryBackoff: true,
        expireInSeconds: job.expireInSeconds,
        deadLetter: DEAD(job.queue),
        notify: true,
      });
    }
    return new JobQueue(boss, jobs);
  }

  /** Validates `data` against the contract and enqueues it. */
  async send<T>(contract: JobContract<T>, data: T, options: SendOptions = {}): Promise<string | null> {
    const payload = contract.schema.parse(data) as object;
    return this.boss.send(contract.queue, payload, {
      ...(options.key ? { singletonKey: options.key } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.trx ? { db: fromKysely(options.trx) } : {}),
    });
  }

  /**
   * Runs `handler` for each job of `contract`, `concurrency` at a time: the one job boundary. The
   * payload is checked first. A job that succeeds completes; one that fails is retried with backoff
   * by the queue, and after its last retry moves to the queue's dead-letter queue; one that can
   * never succeed (a payload that breaks the contract, a `permanent` error) goes there at once.
   * Either way the failed job is marked failed, and its dead letter holds the original payload with
   * `{code, message}` as its output — one shape for every dead letter.
   */
  async work<T>(
    contract: JobContract<T>,
    handler: JobHandler<T>,
    options: { concurrency?: number; observe?: JobObserver; isPermanent?: (e: unknown) => boolean } = {},
  ): Promise<void> {
    const observe = options.observe ?? (() => {});
    await this.boss.work<unknown>(
      contract.queue,
      {
        batchSize: 1,
        localConcurrency: options.concurrency ?? 1,
        pollingIntervalSeconds: 2,
        // NOTIFY wakes workers for new jobs at once; a retry or a delayed job is found by this poll.
        notifyPollingIntervalSeconds: 5,
        perJobResults: true,
      },
      async (jobs) => {
        const results: JobResult[] = [];
        for (const job of jobs) {
          const started = performance.now();
          const ms = () => Math.round(performance.now() - started);
          const parsed = contract.schema.safeParse(job.data);
          try {
            if (!parsed.success) throw new PayloadInvalid(parsed.error.message);
            await handler(parsed.data, { id: job.id, retryCount: job.retryCount, signal: job.signal });
            observe({ queue: contract.queue, id: job.id, outcome: "completed", ms: ms() });
            results.push({ id: job.id, status: "completed" });
          } catch (error) {
            const dead = error instanceof PayloadInvalid || (options.isPermanent?.(error) ?? false);
            const outcome = dead ? "dead" : "retry";
            observe({ queue: contract.queue, id: job.id, outcome, error, ms: ms() });
            results.push({ id: job.id, status: dead ? "deadletter" : "failed", output: failureOf(error) });
          }
        }
        return results;
      },
    );
  }

  /**
   * Runs `contract` on a cron schedule (UTC). Only a queue started with `maintenance` fires
   * schedules; several processes may declare the same schedule, it runs once per tick.
   */
  async schedule<T>(contract: JobContract<T>, cron: string, data: T): Promise<void> {
    await this.boss.schedule(contract.queue, cron, contract.schema.parse(data) as object);
  }

  /** Live queue depth per contract, for /metrics and the admin view. */
  async stats(): Promise<{ queue: string; queued: number; active: number; deadLettered: number }[]> {
    const names = this.jobs.flatMap((j) => [j.queue, DEAD(j.queue)]);
    const { rows } = await this.boss
      .getDb()
      .executeSql(
        "select name, state, count(*)::int as n from pgboss.job where name = any($1) and state in ('created', 'retry', 'active') group by 1, 2",
        [names],
      );
    const count = (name: string, states: string[]) =>
      (rows as { name: string; state: string; n: number }[])
        .filter((r) => r.name === name && states.includes(r.state))
        .reduce((sum, r) => sum + r.n, 0);
    return this.jobs.map((j) => ({
      queue: j.queue,
      queued: count(j.queue, ["created", "retry"]),
      active: count(j.queue, ["active"]),
      deadLettered: count(DEAD(j.queue), ["created", "retry"]),
    }));
  }

  /** The newest dead letters of a contract: the payload as it was queued and why it failed. */
  async deadLetters<T>(
    contract: JobContract<T>,
    limit = 50,
  ): Promise<{ data: unknown; failure: { code: string; message: string } | null; at: Date }[]> {
    const { rows } = await this.boss.getDb().executeSql(
      // A dead letter carries the failed job's output as its `source_output`.
      "select data, coalesce(source_output, output) as output, created_on from pgboss.job where name = $1 order by created_on desc limit $2",
      [DEAD(contract.queue), limit],
    );
    return (rows as { data: unknown; output: unknown; created_on: Date }[]).map((r) => ({
      data: r.data,
      failure: readFailure(r.output),
      at: r.created_on,
    }));
  }

  /** True when the queue's tables answer. */
  async ping(): Promise<boolean> {
    return this.boss.isInstalled();
  }

  /** Stops taking jobs and waits (up to `timeoutMs`) for running ones to finish. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
