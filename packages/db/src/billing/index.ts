export * from "./booking-allowance.ts";
export {
  type AppliedPlanChange,
  changePlan,
  lockPlanState,
  type PlanChangeOptions,
  readPlanState,
  startTrial,
} from "./plan-state.ts";
export type * from "./schema.ts";
