export * from "./calendar-day.ts";
export * from "./task-horizon.ts";
export * from "./task-life.ts";
export * from "./task-mode.ts";
export * from "./task-reasons.ts";
export * from "./task-rules.ts";
export * from "./timeline-kind.ts";
