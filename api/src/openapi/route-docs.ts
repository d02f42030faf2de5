import type { ErrorCode } from "@slotpilot/domain";
import { z } from "zod";
import { taskViewSchema } from "../routes/task-view.ts";

/** What each route of the seller API does, for its OpenAPI entry. Keyed `METHOD /path` (Hono's path). */
export interface RouteDoc {
  tag: "Account" | "Billing" | "Cabinets" | "Tasks" | "Slots" | "Live" | "Admin" | "Sales (admins)";
  summary: string;
  description?: string;
  /** Success status and what it returns (request shapes come from the validating schemas). */
  ok: { status: number; description: string; schema?: z.ZodType };
  /**
   * The route's own refusals, beyond those every route shares (sign-in, a bad field, a body that is
   * not JSON…): their statuses are documented, and API tests fail on an error a route answers
   * without its status listed here.
   */
  errors?: readonly ErrorCode[];
}

const taskBody = (description: string) => ({ status: 200, description, schema: z.object({ task: taskViewSchema }) });

/** What the plan may refuse (the policy engine's codes: each names the plan that allows it). */
const POLICY: readonly ErrorCode[] = [
  "plan.no_plan",
  "plan.trial_over",
  "plan.task_limit",
  "plan.cabinet_limit",
  "plan.booking_limit",
  "plan.feature_required",
  "plan.feature_off",
  "plan.rate_limited",
];
/** A call to WB's official API with the cabinet's token. */
const WB_CALL: readonly ErrorCode[] = ["cabinet.token_invalid", "wb.rate_limited", "wb.unavailable"];
/** A step of the portal login: the worker answers within ~25 s, or the session says what went wrong. */
const PORTAL_LOGIN: readonly ErrorCode[] = [
  "cabinet.not_found",
  "portal.not_waiting",
  "portal.unavailable",
  "portal.rate_limited",
  "portal.login_timeout",
];
/** A task's dates, judged by the domain's rules. */
const TASK_WINDOW: readonly ErrorCode[] = [
  "task.date_in_past",
  "task.date_order",
  "task.date_too_far",
  "task.range_too_long",
  "task.skip_outside_range",
  "task.every_day_skipped",
  "task.deadline_in_past",
];

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  "GET /me": {
    tag: "Account",
    summary: "Who the caller is",
    ok: { status: 200, description: "`{user, organization, locale}`." },
  },
  "PATCH /me": {
    errors: ["locale.unsupported"],
    tag: "Account",
    summary: "Change the caller's language",
    ok: { status: 200, description: "The caller, in the new language." },
  },
  "GET /me/favourites": {
    tag: "Account",
    summary: "The caller's favourite warehouses",
    ok: { status: 200, description: "`{warehouseIds}`, in the caller's order." },
  },
  "PUT /me/favourites": {
    errors: ["favourites.unknown_warehouse"],
    tag: "Account",
    summary: "Replace the caller's favourite warehouses",
    description: "The calendar and the bot list favourites first, in this order.",
    ok: { status: 200, description: "`{warehouseIds}` as stored." },
  },
  "GET /me/settings": {
    tag: "Account",
    summary: "The caller's alert settings",
    description: "Urgent calls (opt-in, daily cap) and quiet hours (Moscow time).",
    ok: { status: 200, description: "`{settings: {callOptIn, quietHours, dailyCallCap}}`." },
  },
  "PATCH /me/settings": {
    errors: ["settings.quiet_hours_invalid", "settings.call_cap_invalid"],
    tag: "Account",
    summary: "Change the caller's alert settings",
    description: '`quietHours: {start: "23:00", end: "08:00"}` or null; a bad value is refused and changes nothing.',
    ok: { status: 200, description: "`{settings}` as stored." },
  },
  "GET /admin/sales/accounts": {
    errors: ["sales.off"],
    tag: "Sales (admins)",
    summary: "The sales accounts with today's usage",
    ok: { status: 200, description: "JSON." },
  },
  "PATCH /admin/sales/accounts": {
    errors: ["sales.off", "sales.phone_invalid", "sales.account_not_found"],
    tag: "Sales (admins)",
    summary: "Enable or disable a sales account",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/logins": {
    errors: ["sales.off", "sales.phone_invalid", "sales.proxy_invalid", "sales.account_exists", "sales.login_pending"],
    tag: "Sales (admins)",
    summary: "Start logging in a sales account (phone, optional proxy)",
    ok: { status: 201, description: "JSON." },
  },
  "GET /admin/sales/logins/:id": {
    errors: ["sales.off", "sales.login_not_found"],
    tag: "Sales (admins)",
    summary: "A sales login's state",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/logins/:id/code": {
    errors: ["sales.off", "sales.code_format", "sales.login_not_found", "sales.login_not_waiting"],
    tag: "Sales (admins)",
    summary: "Hand the login code to the worker",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/logins/:id/password": {
    errors: ["sales.off", "sales.login_not_found", "sales.login_not_waiting"],
    tag: "Sales (admins)",
    summary: "Hand the 2FA password to the worker",
    ok: { status: 200, description: "JSON." },
  },
  "DELETE /admin/sales/logins/:id": {
    errors: ["sales.off", "sales.login_not_found"],
    tag: "Sales (admins)",
    summary: "Cancel a sales login",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/dialogs": {
    errors: ["sales.off", "sales.username_invalid", "sales.opted_out", "sales.dialog_exists", "sales.no_account"],
    tag: "Sales (admins)",
    summary: "Start a sales dialog with @username",
    ok: { status: 201, description: "JSON." },
  },
  "GET /admin/sales/dialogs": {
    errors: ["sales.off"],
    tag: "Sales (admins)",
    summary: "Sales dialogs, newest first",
    ok: { status: 200, description: "JSON." },
  },
  "GET /admin/sales/dialogs/:id": {
    errors: ["sales.off", "sales.dialog_not_found"],
    tag: "Sales (admins)",
    summary: "One sales dialog with its messages",
    ok: { status: 200, description: "JSON." },
  },
  "GET /admin/sales/dialogs/:id/export": {
    errors: ["sales.off", "sales.dialog_not_found"],
    tag: "Sales (admins)",
    summary: "A dialog's transcript as text",
    ok: { status: 200, description: "JSON." },
  },
  "GET /admin/sales/export": {
    errors: ["sales.off"],
    tag: "Sales (admins)",
    summary: "Every dialog's transcript as text",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/dialogs/:id/stop": {
    errors: ["sales.off", "sales.dialog_not_found", "sales.dialog_closed"],
    tag: "Sales (admins)",
    summary: "Stop a dialog",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/dialogs/:id/takeover": {
    errors: ["sales.off", "sales.dialog_not_found", "sales.dialog_closed", "sales.taken_over_by_other"],
    tag: "Sales (admins)",
    summary: "Take a dialog over (the AI falls silent)",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/dialogs/:id/handback": {
    errors: [
      "sales.off",
      "sales.dialog_not_found",
      "sales.dialog_closed",
      "sales.taken_over_by_other",
      "sales.not_taken_over",
    ],
    tag: "Sales (admins)",
    summary: "Hand a dialog back to the AI",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/takeover/messages": {
    errors: ["sales.off", "sales.no_takeover", "sales.dialog_closed"],
    tag: "Sales (admins)",
    summary: "Send a message in a taken-over dialog",
    ok: { status: 200, description: "JSON." },
  },
  "GET /admin/sales/prompt": {
    errors: ["sales.off"],
    tag: "Sales (admins)",
    summary: "The current sales prompt",
    ok: { status: 200, description: "JSON." },
  },
  "POST /admin/sales/prompt": {
    errors: ["sales.off", "sales.prompt_invalid"],
    tag: "Sales (admins)",
    summary: "A new version of the sales prompt",
    ok: { status: 201, description: "JSON." },
  },
  "GET /cabinets": {
    tag: "Cabinets",
    summary: "The organization's WB cabinets",
    description:
      "Tokens are never returned. `monitorOptInExplained` says what lending a token to the shared monitor means.",
    ok: { status: 200, description: "`{cabinets, monitorOptInExplained}`." },
  },
  "POST /cabinets": {
    errors: [...POLICY, ...WB_CALL, "cabinet.name_taken", "cabinet.token_duplicate"],
    tag: "Cabinets",
    summary: "Connect a WB cabinet with an API token",
    description:
      "The token is checked with WB (one supplies-list call) and stored encrypted. A Basic token gets a warning: WB lets it read the slot feed once an hour.",
    ok: { status: 201, description: "`{cabinet, warnings}`." },
  },
  "GET /cabinets/:id": {
    errors: ["cabinet.not_found"],
    tag: "Cabinets",
    summary: "One cabinet with its portal session",
    description:
      "`portal` is the WB seller-portal session's state (INITIALIZING, WAITING_AUTH, ACTIVE, ERROR, STOPPED) or null.",
    ok: { status: 200, description: "`{cabinet}` with `portal`." },
  },
  "GET /cabinets/:id/login": {
    errors: ["cabinet.not_found"],
    tag: "Cabinets",
    summary: "The cabinet's portal login as it stands",
    ok: { status: 200, description: "`{session}` or `{session: null}` when never connected." },
  },
  "POST /cabinets/:id/login": {
    errors: [...PORTAL_LOGIN, "portal.no_phone", "portal.phone_invalid"],
    tag: "Cabinets",
    summary: "Log in to the WB seller portal by phone",
    description:
      "`{phone}` (any usual Russian way of writing it; omitted = the phone used last time). A worker's browser opens the portal; the answer comes once it waits for the SMS code or a captcha (at most ~25 s), or 202 while it is still starting. The state also streams on `/api/events`.",
    ok: {
      status: 200,
      description: "`{session}`: WAITING_AUTH with `waitingFor` `code`, `captcha` or `cabinet`, or ERROR.",
    },
  },
  "POST /cabinets/:id/login/code": {
    errors: [...PORTAL_LOGIN],
    tag: "Cabinets",
    summary: "The SMS code WB sent",
    description: "A wrong code comes back as WAITING_AUTH with `error.code` `portal.code_wrong`: ask again.",
    ok: { status: 200, description: "`{session}` after the worker used the code." },
  },
  "POST /cabinets/:id/login/captcha": {
    errors: [...PORTAL_LOGIN],
    tag: "Cabinets",
    summary: "The answer to WB's captcha picture",
    ok: { status: 200, description: "`{session}` after the worker used the answer." },
  },
  "GET /cabinets/:id/login/captcha": {
    errors: ["cabinet.not_found", "portal.no_captcha"],
    tag: "Cabinets",
    summary: "WB's captcha picture, while the login waits for it",
    ok: { status: 200, description: "The image (PNG or JPEG), never cached." },
  },
  "POST /cabinets/:id/login/cabinet": {
    errors: [...PORTAL_LOGIN, "portal.unknown_cabinet"],
    tag: "Cabinets",
    summary: "Pick one of several WB cabinets on the phone",
    ok: { status: 200, description: "`{session}` once the portal switched to it." },
  },
  "DELETE /cabinets/:id/login": {
    errors: ["cabinet.not_found", "portal.unavailable"],
    tag: "Cabinets",
    summary: "Disconnect the portal session and forget its saved browser state",
    ok: { status: 200, description: "`{session}` as STOPPED." },
  },
  "PATCH /cabinets/:id": {
    errors: [...POLICY, "cabinet.not_found", "cabinet.name_taken"],
    tag: "Cabinets",
    summary: "Rename a cabinet or switch its monitor opt-in",
    ok: { status: 200, description: "`{cabinet}`." },
  },
  "DELETE /cabinets/:id": {
    errors: ["cabinet.not_found"],
    tag: "Cabinets",
    summary: "Remove a cabinet (and its tasks)",
    ok: { status: 204, description: "Removed." },
  },
  "GET /supplies": {
    errors: [...WB_CALL, "cabinet.not_found", "portal.not_connected", "portal.unavailable"],
    tag: "Cabinets",
    summary: "A cabinet's unplanned supplies",
    description:
      "Preorders (WB status 1) with warehouse and box type, read live from WB; drafts come from the portal session.",
    ok: { status: 200, description: "`{preorders, drafts}`." },
  },
  "GET /tasks": {
    tag: "Tasks",
    summary: "The organization's booking tasks, newest first",
    ok: { status: 200, description: "`{tasks}`.", schema: z.object({ tasks: z.array(taskViewSchema) }) },
  },
  "GET /tasks/:id": {
    tag: "Tasks",
    summary: "One booking task",
    description:
      "`supply` reads as `POST /api/tasks` takes it (`preorderId`, or `draftId` with `warehouseIds`), so it can be sent back; its `id` is the same id as text, kept for older clients.",
    ok: taskBody("`{task}`."),
    errors: ["task.not_found"],
  },
  "GET /tasks/:id/events": {
    tag: "Tasks",
    summary: "A task's timeline",
    description: "Newest first: created, paused, resumed, edited, and the slot alerts it raised.",
    ok: { status: 200, description: "`{events: [{at, kind, details}]}`." },
    errors: ["task.not_found"],
  },
  "GET /tasks/:id/bookings": {
    tag: "Tasks",
    summary: "A task's bookings",
    description:
      "Newest first: each booking the booker made for the task (pending, attempting, confirmed, missed, failed, dry_run), its `booking.*` reason with the message in your language, the acceptance cost in rubles when WB told it, and where the screenshot of a failed one is.",
    ok: { status: 200, description: "`{bookings}`." },
    errors: ["task.not_found"],
  },
  "GET /bookings/:id/screenshot": {
    errors: ["booking.not_found"],
    tag: "Tasks",
    summary: "The portal page when a booking failed",
    description:
      "A PNG of the cabinet's portal page as drawn at the failure (no session material is ever drawn). Your organization's bookings only.",
    ok: { status: 200, description: "`image/png`." },
  },
  "GET /admin/bookings/:id/screenshot": {
    errors: ["booking.not_found"],
    tag: "Admin",
    summary: "Any booking's failure screenshot (admins only)",
    ok: { status: 200, description: "`image/png`." },
  },
  "POST /tasks": {
    tag: "Tasks",
    summary: "Create a booking task",
    description:
      "A preorder (its warehouse and box type are WB's) or a draft with ranked warehouses; Moscow calendar days, at most 30, not in the past; the highest coefficient accepted (0 = free only); `book` or `alert`. Every rule's refusal is a localized 4xx; a field's problem is in `error.fields`.",
    ok: { ...taskBody("`{task}`."), status: 201 },
    errors: [
      ...TASK_WINDOW,
      ...POLICY,
      ...WB_CALL,
      "cabinet.not_found",
      "task.supply_not_found",
      "task.unknown_warehouse",
      "task.unknown_box_type",
      "task.box_type_mismatch",
      "task.supply_taken",
      "portal.not_connected",
      "portal.unavailable",
    ],
  },
  "PATCH /tasks/:id": {
    tag: "Tasks",
    summary: "Change, pause or resume a task",
    description:
      "Only active and paused tasks change (a watching one takes `{replan: false}`). An empty patch changes and announces nothing. A booking task's live status message in Telegram follows a pause or a resume.",
    ok: taskBody("`{task}`."),
    errors: [...TASK_WINDOW, ...POLICY, "task.not_found", "task.not_editable", "task.supply_taken"],
  },
  "DELETE /tasks/:id": {
    tag: "Tasks",
    summary: "Delete a task",
    description: "A booking task's live status message in Telegram says it was deleted (a booked one stays booked).",
    ok: { status: 204, description: "Deleted." },
    errors: ["task.not_found"],
  },
  "GET /slots": {
    tag: "Slots",
    summary: "The slot calendar",
    description:
      "Compact rows `[warehouseId, date, boxTypeId, coefficient, allowUnload, since]` for today (Moscow) and the next 13 days by default; gzip and ETag (304) supported.",
    ok: { status: 200, description: "`{from, to, seenAt, warehouses, cells}`." },
  },
  "GET /slots/stats": {
    errors: ["slots.unknown_warehouse"],
    tag: "Slots",
    summary: "When free slots tend to appear at a warehouse",
    description: "Counts of free openings by Moscow hour and weekday over the last 30 days.",
    ok: { status: 200, description: "`{warehouse, since, until, total, byHour, byWeekday}`." },
  },
  "GET /warehouses": {
    tag: "Slots",
    summary: "Search WB warehouses by name",
    description: "The caller's favourites first, then names that start with the search, then the rest.",
    ok: { status: 200, description: "`{warehouses: [{id, name, isSortingCenter, favourite}]}`." },
  },
  "GET /events": {
    errors: ["events.unavailable"],
    tag: "Live",
    summary: "Live events (Server-Sent Events)",
    description:
      "`ready` first, then `slots.changed` (everyone's) and `task.updated` / `task.decision` (the caller's organization only); `resync` means reload. Read it with fetch: EventSource cannot send the Authorization header.",
    ok: { status: 200, description: "`text/event-stream`." },
  },
  "POST /support": {
    errors: ["plan.rate_limited"],
    tag: "Account",
    summary: "Write to the Slotpilot team",
    description:
      "The message goes to every admin in Telegram, with a button to answer; the answer arrives in the bot's chat.",
    ok: {
      status: 200,
      description:
        "`{delivered}`: false when no admin has opened the bot yet; the message is kept and delivered once one has.",
    },
  },
  "POST /admin/support/reply": {
    errors: ["support.unknown_user"],
    tag: "Admin",
    summary: "Answer a seller's support message (admins only)",
    ok: { status: 200, description: "`{ok: true}`; the answer is queued for the seller's chat." },
  },
  "GET /billing": {
    tag: "Billing",
    summary: "The caller's plan, usage and the catalogue",
    description:
      "Plan and its period, whether it renews, bookings used / left this period, booking packs, the trial, and which ways to pay work here (`providers.stars`, `providers.paddle`: a missing one is unavailable, not broken).",
    ok: { status: 200, description: "`{billing}`." },
  },
  "GET /billing/history": {
    tag: "Billing",
    summary: "Payments, refunds and plan changes, newest first",
    ok: { status: 200, description: "`{history: [{kind: 'payment' | 'plan_change', at, …}]}`." },
  },
  "POST /billing/checkout": {
    errors: [
      "billing.already_subscribed",
      "billing.provider_unavailable",
      "billing.stars_unavailable",
      "billing.checkout_failed",
      "plan.rate_limited",
    ],
    tag: "Billing",
    summary: "Pay for a plan or a booking pack",
    description:
      "`{plan | pack, provider: 'stars' | 'paddle'}`. Stars: a Telegram invoice link (plans as 30-day Star subscriptions, packs one-off) to open with `openInvoice`. Paddle: a card checkout URL with the organization in its custom data. The plan changes when the payment arrives, never here. At most 10 checkouts in 10 minutes.",
    ok: { status: 200, description: "`{checkout: {provider, kind, product, url}}`." },
  },
  "POST /billing/portal": {
    errors: ["billing.provider_unavailable", "billing.no_subscription", "billing.checkout_failed"],
    tag: "Billing",
    summary: "A link to Paddle's customer portal (manage or cancel a card subscription)",
    ok: { status: 200, description: "`{portal: {url}}`." },
  },
  "POST /admin/billing/refund": {
    errors: [
      "billing.charge_not_found",
      "billing.already_refunded",
      "billing.refund_failed",
      "billing.stars_unavailable",
    ],
    tag: "Admin",
    summary: "Refund a Telegram Stars payment (the bot's /refund)",
    description:
      "`{chargeId}`: Telegram refunds it; the plan it paid for steps down (a pack's bookings leave the balance).",
    ok: { status: 200, description: "`{refund: {chargeId, product, amount, currency}}`." },
  },
  "POST /admin/plans/grant": {
    errors: ["billing.user_not_found", "billing.plan_in_force"],
    tag: "Admin",
    summary: "Grant a seller a plan for one period (the bot's /grant)",
    description: "`{telegramId, plan}`: a `granted` plan-change event; tasks paused for want of a plan hunt again.",
    ok: { status: 200, description: "`{organizationId, plan, periodEnd, resumedTasks}`." },
  },
  "GET /admin/status": {
    tag: "Admin",
    summary: "The service at a glance (admins only)",
    ok: { status: 200, description: "`{monitor, queues, totals}`." },
  },
};
