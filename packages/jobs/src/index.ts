export * from "./contracts.ts";
export { type JobContext, type JobHandler, type JobObserver, JobQueue, type SendOptions } from "./queue.ts";
