export * from "./booking-outcome.ts";
export * from "./deadline-alert.ts";
export * from "./replan.ts";
