/**
 * Every failure a user can cause has a stable code. Each app has one boundary that maps a code to
 * what its user sees: an HTTP status and a localized message (API), a localized reply (bot), retry
 * or dead-letter (workers). The message for code `x.y` is the locale key `errors.x.y`.
 */
export const ERROR_KINDS = {
  "auth.missing": "unauthorized",
  "auth.invalid": "unauthorized",
  "auth.expired": "unauthorized",
  "auth.forbidden": "forbidden",
  "metrics.token_required": "unauthorized",
  "request.invalid": "invalid",
  "request.malformed": "invalid",
  "request.body_not_object": "invalid",
  "request.unsupported_media_type": "unsupported_media_type",
  "request.too_large": "too_large",
  "request.headers_too_large": "headers_too_large",
  "service.unavailable": "unavailable",
  "locale.unsupported": "invalid",
  "route.not_found": "not_found",
  "route.method_not_allowed": "method_not_allowed",
  "cabinet.not_found": "not_found",
  "cabinet.token_invalid": "invalid",
  "cabinet.token_duplicate": "conflict",
  "cabinet.name_taken": "conflict",
  "task.not_found": "not_found",
  "task.date_in_past": "invalid",
  "task.date_order": "invalid",
  "task.date_too_far": "invalid",
  "task.range_too_long": "invalid",
  "task.skip_outside_range": "invalid",
  "task.every_day_skipped": "invalid",
  "task.deadline_in_past": "invalid",
  "task.unknown_warehouse": "invalid",
  "task.unknown_box_type": "invalid",
  "task.supply_not_found": "not_found",
  "task.supply_taken": "conflict",
  "task.not_editable": "conflict",
  "task.box_type_mismatch": "invalid",
  "wb.unavailable": "unavailable",
  "wb.rate_limited": "rate_limited",
  "slots.date_invalid": "invalid",
  "slots.date_order": "invalid",
  "slots.range_too_long": "invalid",
  "slots.unknown_box_type": "invalid",
  "slots.warehouse_ids_invalid": "invalid",
  "slots.warehouse_invalid": "invalid",
  "slots.unknown_warehouse": "not_found",
  "favourites.unknown_warehouse": "invalid",
  "events.unavailable": "unavailable",
  "support.unknown_user": "not_found",
  "sales.off": "unavailable",
  "sales.phone_invalid": "invalid",
  "sales.proxy_invalid": "invalid",
  "sales.account_exists": "conflict",
  "sales.account_not_found": "not_found",
  "sales.login_pending": "conflict",
  "sales.login_not_found": "not_found",
  "sales.login_not_waiting": "conflict",
  "sales.code_format": "invalid",
  "sales.username_invalid": "invalid",
  "sales.opted_out": "conflict",
  "sales.dialog_exists": "conflict",
  "sales.no_account": "conflict",
  "sales.dialog_not_found": "not_found",
  "sales.dialog_closed": "conflict",
  "sales.not_taken_over": "conflict",
  "sales.taken_over_by_other": "conflict",
  "sales.no_takeover": "not_found",
  "sales.prompt_invalid": "invalid",
  "settings.quiet_hours_invalid": "invalid",
  "settings.call_cap_invalid": "invalid",
  // Portal sessions: thrown by the API, or recorded on a session as what went wrong.
  "portal.not_connected": "conflict",
  "portal.not_waiting": "conflict",
  "portal.no_captcha": "not_found",
  "portal.no_phone": "invalid",
  "portal.unknown_cabinet": "invalid",
  "portal.unavailable": "unavailable",
  "portal.rate_limited": "rate_limited",
  "portal.refused": "unavailable",
  "portal.phone_invalid": "invalid",
  "portal.phone_unknown": "invalid",
  "portal.code_wrong": "invalid",
  "portal.captcha_wrong": "invalid",
  "portal.code_expired": "invalid",
  "portal.login_timeout": "conflict",
  "portal.login_interrupted": "unavailable",
  "portal.session_lost": "unavailable",
  "portal.cabinet_mismatch": "conflict",
  "portal.browser_failed": "unavailable",
  // Bookings: recorded on a booking as why it did not end booked (see booking/booking-outcome.ts).
  "booking.slot_gone": "conflict",
  "booking.competitor_first": "conflict",
  "booking.challenge_refused": "unavailable",
  "booking.session_lost": "unavailable",
  "booking.wb_unavailable": "unavailable",
  "booking.rate_limited": "rate_limited",
  "booking.cost_over_cap": "conflict",
  "booking.not_confirmed": "unavailable",
  "booking.move_unavailable": "conflict",
  "booking.supply_gone": "not_found",
  "booking.planned_elsewhere": "conflict",
  "booking.plan_limit": "conflict",
  "booking.trial_over": "conflict",
  "booking.stale": "unavailable",
  "booking.not_found": "not_found",
  // Plans and payments.
  "billing.user_not_found": "not_found",
  "billing.provider_unavailable": "unavailable",
  "billing.stars_unavailable": "unavailable",
  "billing.charge_not_found": "not_found",
  "billing.already_refunded": "conflict",
  "billing.plan_in_force": "conflict",
  "billing.already_subscribed": "conflict",
  "billing.webhook_unreadable": "invalid",
  "billing.refund_failed": "unavailable",
  "billing.checkout_failed": "unavailable",
  "billing.no_subscription": "not_found",
  "billing.webhook_invalid": "unauthorized",
  // The policy engine's refusals: each names the plan that allows it.
  "plan.feature_required": "plan_required",
  "plan.cabinet_limit": "plan_required",
  "plan.task_limit": "plan_required",
  "plan.no_plan": "plan_required",
  "plan.trial_over": "plan_required",
  "plan.booking_limit": "plan_required",
  "plan.top_limit": "plan_required",
  "plan.feature_off": "unavailable",
  "plan.rate_limited": "rate_limited",
  internal: "internal",
} as const;

export type ErrorCode = keyof typeof ERROR_KINDS;
export type ErrorKind = (typeof ERROR_KINDS)[ErrorCode];

/**
 * `unavailable` codes that name how this deployment is set up (no bot to take Stars, no card
 * provider, sales off, a feature switched off for everyone), not a passing outage: asking again in
 * a moment gets the same answer, so a client tells the user at once instead of retrying.
 */
const UNAVAILABLE_BY_SETUP: ReadonlySet<string> = new Set<ErrorCode>([
  "billing.stars_unavailable",
  "billing.provider_unavailable",
  "sales.off",
  "plan.feature_off",
]);

/** Whether an error code says the service is set up without it (see `UNAVAILABLE_BY_SETUP`). */
export const isUnavailableBySetup = (code: string): boolean => UNAVAILABLE_BY_SETUP.has(code);

/** One field's problem in a request, already worded for the reader. */
export interface FieldIssue {
  /** Dotted path of the field (`supply.warehouseIds.0`). */
  field: string;
  code: string;
  message: string;
}

/** A failure the caller caused or must be told about; `params` fill the localized message. */
export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  /** For `request.invalid`: every field that is wrong, so a form can mark each one. */
  readonly fields: readonly FieldIssue[];

  constructor(
    code: ErrorCode,
    params: Record<string, string | number> = {},
    options?: ErrorOptions & { fields?: readonly FieldIssue[] },
  ) {
    super(code, options);
    this.code = code;
    this.params = params;
    this.fields = options?.fields ?? [];
  }

  get kind(): ErrorKind {
    return ERROR_KINDS[this.code];
  }
}

/** A job failure that may succeed later (network, 5xx, lock): the queue retries it. */
export class RetryableError extends Error {
  override name = "RetryableError";
}

/** A job failure that will never succeed (bad payload, missing row): dead-lettered at once. */
export class PermanentError extends Error {
  override name = "PermanentError";
}
