export * from "./allowance.ts";
export * from "./catalogue.ts";
export * from "./format.ts";
export * from "./paddle-events.ts";
export * from "./plan-events.ts";
export * from "./policy.ts";
export * from "./replacing.ts";
export * from "./stars-order.ts";
