export * from "./cell.ts";
export * from "./diff-feed.ts";
export * from "./match-slots.ts";
export * from "./slot-calendar.ts";
export * from "./task.ts";
export { TaskIndex } from "./task-index.ts";
export * from "./tone.ts";
export * from "./warehouse-search.ts";
