import { z } from "zod";

/**
 * A job's contract: its name, payload version and payload schema. A queued job may be older than
 * the code that runs it, so handlers receive `unknown` and the contract checks it every time; a new
 * incompatible payload is a new version (and a new queue), never an edit of the old one.
 */
export interface JobContract<T> {
  name: string;
  version: number;
  /** The pg-boss queue: `<name>.v<version>`. */
  queue: string;
  schema: z.ZodType<T>;
  retry: { limit: number; delaySeconds: number };
  expireInSeconds: number;
}

export type JobData<C> = C extends JobContract<infer T> ? T : never;

export function defineJob<S extends z.ZodType>(def: {
  name: string;
  version: number;
  schema: S;
  retry?: { limit: number; delaySeconds: number };
  expireInSeconds?: number;
}): JobContract<z.output<S>> {
  return {
    name: def.name,
    version: def.version,
    queue: `${def.name}.v${def.version}`,
    schema: def.schema as z.ZodType<z.output<S>>,
    retry: def.retry ?? { limit: 5, delaySeconds: 5 },
    expireInSeconds: def.expireInSeconds ?? 15 * 60,
  };
}

/** A Telegram user was seen for the first time: record it and (later) greet admins and the user. */
export const userRegistered = defineJob({
  name: "user.registered",
  version: 1,
  schema: z.object({ userId: z.number().int().positive() }),
});

/** Booking tasks past their last date or deadline become `expired` (scheduled every few minutes). */
export const expireTasks = defineJob({
  name: "tasks.expire",
  version: 1,
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 30 },
});

/** Trials and paid periods that ran out step down; their tasks pause (scheduled every few minutes). */
export const billingClock = defineJob({
  name: "billing.clock",
  version: 1,
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 30 },
});

/** A verified Paddle notification, stored by its event id: apply it to the plan (retried, then dead-lettered). */
export const applyPaddleEvent = defineJob({
  name: "paddle.apply",
  version: 1,
  schema: z.object({ eventId: z.string().min(1).max(100) }),
  retry: { limit: 8, delaySeconds: 15 },
});

/** Stars subscriptions a seller replaced with another plan: stop their renewals (scheduled every minute). */
export const cancelStarsRenewals = defineJob({
  name: "stars.cancel_renewals",
  version: 1,
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 30 },
});

/** Card (Paddle) subscriptions a seller replaced with another plan: cancel them (scheduled every minute). */
export const cancelPaddleSubscriptions = defineJob({
  name: "paddle.cancel_subscriptions",
  version: 1,
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 30 },
});

/** Support messages kept while no admin had opened the bot: deliver them once one has (scheduled every minute). */
export const deliverKeptSupport = defineJob({
  name: "support.deliver_kept",
  version: 1,
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 30 },
});

/** Every contract; the queue creates their queues at start. */
export const ALL_JOBS: readonly JobContract<unknown>[] = [
  userRegistered,
  expireTasks,
  billingClock,
  applyPaddleEvent,
  cancelStarsRenewals,
  deliverKeptSupport,
  cancelPaddleSubscriptions,
];
