export * from "./booking-outcome.ts";
