import type { Db } from "@slotpilot/db";
import { type Catalogue, DEFAULT_CATALOGUE, PermanentError } from "@slotpilot/domain";
import {
  applyPaddleEvent as applyPaddleEventJob,
  billingClock as billingClockJob,
  cancelPaddleSubscriptions as cancelPaddleSubscriptionsJob,
  cancelStarsRenewals as cancelStarsRenewalsJob,
  deliverKeptSupport as deliverKeptSupportJob,
  expireTasks as expireTasksJob,
  type JobObserver,
  type JobQueue,
  userRegistered as userRegisteredJob,
} from "@slotpilot/jobs";
import type { Logger } from "@slotpilot/observability";
import { applyPaddleEvent } from "./handlers/apply-paddle-event.ts";
import { billingClock } from "./handlers/billing-clock.ts";
import { cancelPaddleSubscriptions, type PaddleSubscriptions } from "./handlers/cancel-paddle-subscriptions.ts";
import { cancelStarsRenewals, type StarsSubscriptions } from "./handlers/cancel-stars-renewals.ts";
import { deliverKeptSupport } from "./handlers/deliver-kept-support.ts";
import { expireTasks } from "./handlers/expire-tasks.ts";
import { userRegistered } from "./handlers/user-registered.ts";

export interface WorkerDeps {
  db: Db;
  queue: JobQueue;
  log: Logger;
  adminTelegramIds: readonly number[];
  concurrency: number;
  /** The plan catalogue with this deployment's Paddle price ids (default: the catalogue's own). */
  catalogue?: Catalogue;
  /** The Bot API's Stars subscriptions (live mode): without it no Stars renewal is stopped here. */
  stars?: StarsSubscriptions;
  /** Paddle (PADDLE_API_KEY configured): without it no replaced card subscription is cancelled here. */
  paddle?: PaddleSubscriptions;
}

/**
 * Registers every job handler. The one job boundary: a PermanentError (or a payload that breaks
 * its contract) is dead-lettered at once, anything else is retried with backoff by the queue.
 */
export async function runWorkers(deps: WorkerDeps): Promise<void> {
  const observe: JobObserver = ({ queue, id, outcome, error, ms }) => {
    if (outcome === "completed") deps.log.debug("job done", { queue, id, ms });
    else
      deps.log.warn(outcome === "dead" ? "job dead-lettered" : "job failed; will retry", { queue, id, ms, err: error });
  };
  const options = { concurrency: deps.concurrency, observe, isPermanent: (e: unknown) => e instanceof PermanentError };
  await deps.queue.work(userRegisteredJob, userRegistered(deps), options);
  await deps.queue.work(expireTasksJob, expireTasks(deps), options);
  await deps.queue.schedule(expireTasksJob, "*/5 * * * *", {});
  await deps.queue.work(billingClockJob, billingClock(deps), options);
  await deps.queue.schedule(billingClockJob, "*/5 * * * *", {});
  await deps.queue.work(deliverKeptSupportJob, deliverKeptSupport(deps), options);
  await deps.queue.schedule(deliverKeptSupportJob, "* * * * *", {});
  await deps.queue.work(
    applyPaddleEventJob,
    applyPaddleEvent({ ...deps, catalogue: deps.catalogue ?? DEFAULT_CATALOGUE }),
    options,
  );
  if (deps.stars) {
    await deps.queue.work(cancelStarsRenewalsJob, cancelStarsRenewals({ ...deps, stars: deps.stars }), options);
    await deps.queue.schedule(cancelStarsRenewalsJob, "* * * * *", {});
  }
  if (deps.paddle) {
    await deps.queue.work(
      cancelPaddleSubscriptionsJob,
      cancelPaddleSubscriptions({ ...deps, paddle: deps.paddle }),
      options,
    );
    await deps.queue.schedule(cancelPaddleSubscriptionsJob, "* * * * *", {});
  }
}
