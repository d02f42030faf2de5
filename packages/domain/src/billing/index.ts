export * from "./allowance.ts";
export * from "./catalogue.ts";
export * from "./plan-events.ts";
export * from "./policy.ts";
