export * from "./login-outcome.ts";
export * from "./upkeep.ts";
