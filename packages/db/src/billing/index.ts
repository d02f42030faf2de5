export { type BillingHistoryEntry, billingHistory } from "./billing-history.ts";
export { BILLING_NOTICE_KIND, type BillingNotice, enqueueBillingNotice } from "./billing-notices.ts";
export { type BillingTotals, billingTotals } from "./billing-totals.ts";
export * from "./booking-allowance.ts";
export { grantPlan } from "./grant-plan.ts";
export {
  claimPaddleSubscriptionCancels,
  type PaddleSubscriptionCancelOutcome,
  type PendingPaddleSubscriptionCancel,
  settlePaddleSubscriptionCancel,
} from "./paddle-cancels.ts";
export { applyPaddleNotification, type PaddleApplyOutcome, storePaddleNotification } from "./paddle-events.ts";
export { stepDownEndedPlans } from "./plan-clock.ts";
export {
  type AppliedPlanChange,
  changePlan,
  lockPlanState,
  type PlanChangeOptions,
  readPlanState,
  startTrial,
} from "./plan-state.ts";
export {
  ownerChat,
  PLAN_PAUSE_REASONS,
  type PlanPauseReason,
  pauseTasksForPlan,
  resumeTasksForPlan,
} from "./plan-tasks.ts";
export { policyInput, RATE_AUDIT_ACTIONS } from "./policy-input.ts";
export { findStarsPayment, type RefundablePayment, recordRefund } from "./refunds.ts";
export type * from "./schema.ts";
export {
  checkStarsPreCheckout,
  recordStarsPayment,
  type StarsPaymentOutcome,
  type StarsSuccessfulPayment,
  starsSubscriptionRef,
} from "./stars-payments.ts";
export {
  type PendingStarsRenewalCancel,
  pendingStarsRenewalCancels,
  type StarsRenewalCancelOutcome,
  settleStarsRenewalCancel,
} from "./stars-renewals.ts";
