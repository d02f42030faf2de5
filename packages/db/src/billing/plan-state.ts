import {
  applyPlanChange,
  EMPTY_PLAN_STATE,
  isPlanId,
  type LeftBehind,
  leftBehind,
  type PlanEvent,
  type PlanProvider,
  type PlanState,
} from "@slotpilot/domain";
import { type Selectable, sql, type Transaction } from "kysely";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import { requestPaddleSubscriptionCancel } from "./paddle-cancels.ts";
import type { PlanStatesTable } from "./schema.ts";
import { requestStarsRenewalCancel } from "./stars-renewals.ts";

export type Executor = Db | Transaction<Database>;

/** Runs `work` in the caller's transaction when it is one, else in a new one. */
export function inTransaction<T>(db: Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

const PROVIDERS: readonly string[] = ["trial", "grant", "stars", "paddle"];

export function planStateOf(row: Selectable<PlanStatesTable> | undefined): PlanState {
  if (!row) return EMPTY_PLAN_STATE;
  return {
    plan: isPlanId(row.plan) ? row.plan : null,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    renews: row.renews,
    provider: row.provider !== null && PROVIDERS.includes(row.provider) ? (row.provider as PlanProvider) : null,
    subscriptionRef: row.subscription_ref,
    providerEventAt: row.provider_event_at,
    pastDue: row.past_due,
    packBookings: row.pack_bookings,
    trialUsed: row.trial_used,
    endedPlan: isPlanId(row.ended_plan) ? row.ended_plan : null,
  };
}

/** The plan state without a lock (for reading and showing). */
export async function readPlanState(db: Executor, organizationId: number): Promise<PlanState> {
  const row = await db
    .selectFrom("plan_states")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  return planStateOf(row);
}

/**
 * The plan state, locked until the transaction ends: every plan change and every booking
 * reservation of this organization waits here, so a limit is checked against the latest truth.
 * An organization without a row gets one — its trial, once (`trial_used` guards the "once").
 */
export async function lockPlanState(trx: Transaction<Database>, organizationId: number): Promise<PlanState> {
  const row = await trx
    .selectFrom("plan_states")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .forUpdate()
    .executeTakeFirst();
  if (row) return planStateOf(row);
  await trx
    .insertInto("plan_states")
    .values({ organization_id: organizationId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const created = await trx
    .selectFrom("plan_states")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const state = planStateOf(created);
  if (state.trialUsed) return state;
  return (await recordPlanChange(trx, organizationId, state, { type: "trial_started", at: new Date() }, {})).state;
}

export interface PlanChangeOptions {
  /** The cause's idempotency key: a second event with the same key is not applied. */
  dedupeKey?: string;
  actorUserId?: number | null;
}

export interface AppliedPlanChange {
  state: PlanState;
  before: PlanState;
  changed: boolean;
  /** False when an event with the same dedupe key was recorded before (nothing was done). */
  applied: boolean;
  /**
   * The renewing subscription this change replaced (`leftBehind`): a Stars one's renewals are being
   * stopped, a card one is being cancelled.
   */
  leftBehind: LeftBehind | null;
}

/**
 * Applies one plan-change event to the organization's plan, in the caller's transaction (or a new
 * one): locks the state, runs the pure `applyPlanChange`, writes the state and the event log —
 * and, when a new subscription replaced a renewing one, the request to stop it: a Stars one's
 * renewals, a card one altogether. A grant replaces no subscription (`leftBehind`): an admin's gift
 * never cancels what a seller pays for.
 */
export function changePlan(
  db: Executor,
  organizationId: number,
  event: PlanEvent,
  options: PlanChangeOptions = {},
): Promise<AppliedPlanChange> {
  return inTransaction(db, async (trx) => {
    const before = await lockPlanState(trx, organizationId);
    return recordPlanChange(trx, organizationId, before, event, options);
  });
}

async function recordPlanChange(
  trx: Transaction<Database>,
  organizationId: number,
  before: PlanState,
  event: PlanEvent,
  options: PlanChangeOptions,
): Promise<AppliedPlanChange> {
  const { state, changed } = applyPlanChange(before, event);
  const logged = await trx
    .insertInto("plan_events")
    .values({
      organization_id: organizationId,
      at: event.at,
      type: event.type,
      event: JSON.stringify(event),
      changed,
      dedupe_key: options.dedupeKey ?? null,
      actor_user_id: options.actorUserId ?? null,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!logged) return { state: before, before, changed: false, applied: false, leftBehind: null };
  if (changed || state.providerEventAt !== before.providerEventAt) {
    await trx
      .updateTable("plan_states")
      .set({
        plan: state.plan,
        period_start: state.periodStart,
        period_end: state.periodEnd,
        renews: state.renews,
        provider: state.provider,
        subscription_ref: state.subscriptionRef,
        provider_event_at: state.providerEventAt,
        past_due: state.pastDue,
        pack_bookings: state.packBookings,
        trial_used: state.trialUsed,
        ended_plan: state.endedPlan,
        updated_at: sql<Date>`now()`,
      })
      .where("organization_id", "=", organizationId)
      .execute();
  }
  // A plan bought on top of a renewing subscription: that one must stop charging the seller.
  const left = leftBehind(before, state);
  if (left) {
    await requestStarsRenewalCancel(trx, organizationId, left);
    await requestPaddleSubscriptionCancel(trx, organizationId, left, event.at);
  }
  return { state, before, changed, applied: true, leftBehind: left };
}

/** Gives a new organization its trial (inside the transaction that creates it). */
export async function startTrial(trx: Transaction<Database>, organizationId: number): Promise<void> {
  await lockPlanState(trx, organizationId);
}
