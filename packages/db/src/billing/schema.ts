import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** An organization's plan (migrations/0010_billing.ts); only plan-change events move it. */
export interface PlanStatesTable {
  organization_id: number;
  plan: string | null;
  period_start: Date | null;
  period_end: Date | null;
  renews: Defaulted<boolean>;
  provider: string | null;
  subscription_ref: string | null;
  customer_ref: ColumnType<string | null, string | null | undefined, string | null>;
  provider_event_at: Date | null;
  past_due: Defaulted<boolean>;
  pack_bookings: Defaulted<number>;
  trial_used: Defaulted<boolean>;
  ended_plan: string | null;
  updated_at: Defaulted<Date>;
}

export interface PlanEventsTable {
  id: Generated<number>;
  organization_id: number;
  at: Defaulted<Date>;
  type: string;
  event: Json<Record<string, unknown>>;
  changed: boolean;
  dedupe_key: string | null;
  actor_user_id: number | null;
}

export type AllowanceStatus = "reserved" | "charged" | "released";

export interface BookingAllowanceTable {
  booking_id: string;
  organization_id: number;
  source: "plan" | "pack";
  period_start: Date | null;
  status: AllowanceStatus;
  reserved_at: Defaulted<Date>;
  settled_at: Date | null;
}

export interface PaymentsTable {
  id: Generated<number>;
  organization_id: number;
  provider: "stars" | "paddle";
  provider_ref: string;
  /** Stars: the provider_payment_charge_id; Paddle: unused. */
  provider_charge_ref: string | null;
  product: string;
  kind: "plan" | "pack";
  /** Stars: whole Stars; Paddle: the currency's minor units (cents). */
  amount: number;
  currency: string;
  subscription_ref: string | null;
  recurring: Defaulted<boolean>;
  payer_telegram_id: number | null;
  status: Defaulted<"paid" | "refunded">;
  paid_at: Defaulted<Date>;
  refunded_at: Date | null;
}

export interface PaddleEventsTable {
  event_id: string;
  event_type: string;
  occurred_at: Date;
  received_at: Defaulted<Date>;
  payload: Json<Record<string, unknown>>;
  status: Defaulted<"pending" | "applied" | "ignored">;
  outcome: string | null;
}

export interface StarsRenewalCancelsTable {
  subscription_ref: string;
  organization_id: number;
  payer_telegram_id: number;
  first_charge_id: string;
  plan: string;
  reason: "superseded";
  requested_at: Defaulted<Date>;
  status: Defaulted<"pending" | "cancelled" | "failed">;
  attempts: Defaulted<number>;
  last_error: string | null;
  settled_at: Date | null;
}

export interface PaddleSubscriptionCancelsTable {
  subscription_ref: string;
  organization_id: number;
  plan: string;
  reason: "superseded";
  requested_at: Defaulted<Date>;
  status: Defaulted<"pending" | "cancelled" | "failed">;
  attempts: Defaulted<number>;
  claimed_until: Date | null;
  last_error: string | null;
  settled_at: Date | null;
}

export interface BillingTables {
  plan_states: PlanStatesTable;
  plan_events: PlanEventsTable;
  booking_allowance: BookingAllowanceTable;
  payments: PaymentsTable;
  paddle_events: PaddleEventsTable;
  stars_renewal_cancels: StarsRenewalCancelsTable;
  paddle_subscription_cancels: PaddleSubscriptionCancelsTable;
}
