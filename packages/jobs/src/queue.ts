import { fromKysely, type KyselyTransactionLike, PgBoss } from "pg-boss";
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

/**
 * The job queue: pg-boss on the app's own PostgreSQL, with LISTEN/NOTIFY so a worker picks a new
 * job up at once instead of on its next poll.
 */
export class JobQueue {
  private readonly boss: PgBoss;

  private constructor(boss: PgBoss) {
    this.boss = boss;
  }

  /** Connects, installs or upgrades pg-boss's schema, and creates every contract's queue. */
  static async start(
    url: string,
    options: { maintenance?: boolean; onError?: (e: Error) => void } = {},
  ): Promise<JobQueue> {
    const boss = new PgBoss({
      connectionString: url,
      max: 4,
      useListenNotify: true,
      supervise: options.maintenance ?? false,
      schedule: options.maintenance ?? false,
      application_name: "slotpilot-queue",
    });
    boss.on("error", (e: Error) => options.onError?.(e));
    await boss.start();
    for (const job of ALL_JOBS) {
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
    return new JobQueue(boss);
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
   * Runs `handler` for each job of `contract`, `concurrency` at a time. The payload is checked
   * first: one that does not fit the contract is dead-lettered at once, never retried.
   */
  async work<T>(
    contract: JobContract<T>,
    handler: JobHandler<T>,
    options: { concurrency?: number; observe?: JobObserver; isPermanent?: (e: unknown) => boolean } = {},
  ): Promise<void> {
    const observe = options.observe ?? (() => {});
    await this.boss.work<unknown>(
      contract.queue,
      { batchSize: 1, localConcurrency: options.concurrency ?? 1, pollingIntervalSeconds: 2 },
      async (jobs) => {
        for (const job of jobs) {
          const started = performance.now();
          const ms = () => Math.round(performance.now() - started);
          const parsed = contract.schema.safeParse(job.data);
          const permanent = (e: unknown) => !parsed.success || (options.isPermanent?.(e) ?? false);
          try {
            if (!parsed.success) throw parsed.error;
            await handler(parsed.data, { id: job.id, retryCount: job.retryCount, signal: job.signal });
            observe({ queue: contract.queue, id: job.id, outcome: "completed", ms: ms() });
          } catch (error) {
            if (!permanent(error)) {
              observe({ queue: contract.queue, id: job.id, outcome: "retry", error, ms: ms() });
              throw error;
            }
            // Retrying cannot help: park it in the dead-letter queue for a human to look at.
            await this.boss.send(DEAD(contract.queue), { data: job.data as object, error: String(error) });
            observe({ queue: contract.queue, id: job.id, outcome: "dead", error, ms: ms() });
          }
        }
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
    const names = ALL_JOBS.flatMap((j) => [j.queue, DEAD(j.queue)]);
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
    return ALL_JOBS.map((j) => ({
      queue: j.queue,
      queued: count(j.queue, ["created", "retry"]),
      active: count(j.queue, ["active"]),
      deadLettered: count(DEAD(j.queue), ["created", "retry"]),
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
