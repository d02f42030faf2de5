/**
 * The slot monitor: one shared watcher for every seller. It reads WB's acceptance-coefficients feed
 * with the Personal tokens sellers lend it (`createFeedSource` over a `ReadScheduler`: N accounts
 * read in turn every 10 s / N, never over any account's limit), diffs each read against the
 * calendar (`diffFeed`, pure), matches the changes against the active tasks (`matchSlots`, pure),
 * stores the decisions with their alerts, booking hand-off and events in one short transaction and
 * hands them to the fast path (`onDecisions`); cells, history and events go in a second, written
 * beside the first and committed after it (`storeRead`, which explains why a crash in between
 * loses and repeats nothing). Its health goes
 * to the `monitor_status` row that `/readyz` and `/metrics` read. `startSlotMonitor` is the
 * production wiring; `createMonitor` lets tests and benchmarks drive single passes on their clock.
 */
export { type Clock, systemClock } from "./clock.ts";
export { createFeedSource, type FeedSourceOptions } from "./feed-source.ts";
export { createMonitor, type Monitor, type MonitorDeps, runMonitor } from "./monitor.ts";
export type { MonitorStatusView } from "./monitor-health.ts";
export { readPortalReport } from "./portal-report.ts";
export {
  createPortalSource,
  type MonitorSession,
  PORTAL_REPORT_BUDGET,
  PortalReadError,
  type PortalSourceOptions,
} from "./portal-source.ts";
export type { StoredDecision } from "./process-read.ts";
export { type BudgetRule, FEED_BUDGET, ReadScheduler } from "./read-scheduler.ts";
export type { SlotSource, SourceHealth } from "./slot-source.ts";
export { watchSource } from "./source-watch.ts";
export { MONITOR_CONCURRENT_READS, type SlotMonitorOptions, startSlotMonitor } from "./start-slot-monitor.ts";
export { toMatchTask } from "./task-book.ts";
export { groupByAccount, type PoolToken, standaloneToken, tokensFromCabinets } from "./token-pool.ts";
