import type { BookingEnding, ClaimedBooking } from "@slotpilot/db";
import { type AttemptFailure, judgeFailure, readBackVerdict } from "@slotpilot/domain";
import {
  type PlanRequest,
  PortalNotSupported,
  type PortalPage,
  PortalRateLimited,
  PortalRpcError,
  PortalSessionLost,
} from "@slotpilot/portal";
import type { OfficialSupplies } from "./ports.ts";
import { readSupply } from "./read-back.ts";

export type BookingStrategy = "rpc" | "ui";

export interface BookSlotDeps {
  strategy: BookingStrategy;
  official: OfficialSupplies;
  /** How many times an accepted plan is read back before it counts as not confirmed. */
  readBackTries?: number;
}

/** A failure the booker understands, carried out of the attempt with what the page showed. */
export class AttemptFailed extends Error {
  readonly failure: AttemptFailure;
  constructor(failure: AttemptFailure) {
    super(failure.kind);
    this.failure = failure;
  }
}

/**
 * WB accepted the plan but the supply could not be read back (WB or the page failing): the booking
 * is neither confirmed nor missed. The booker hands it back with its intent, and the next claim reads
 * the supply back before anything else.
 */
export class ReadBackFailed extends Error {
  override name = "ReadBackFailed";
}

/**
 * The session ended in the middle of a booking: the booking's ending travels inside, and the error
 * goes on up through the session keeper's `use`, which re-logs in from saved state (or gives the
 * session up) — the keeper must learn it as much as the booking does.
 */
export class SessionLostWhileBooking extends PortalSessionLost {
  override name = "SessionLostWhileBooking";
  readonly ending: BookingEnding;
  constructor(ending: BookingEnding) {
    super("the portal session ended during a booking");
    this.ending = ending;
  }
}

/** What a thrown portal error means for a booking. Anything unknown is WB (or the page) failing. */
export function failureOf(error: unknown): AttemptFailure {
  if (error instanceof AttemptFailed) return error.failure;
  if (error instanceof PortalSessionLost) return { kind: "session_lost" };
  if (error instanceof PortalRateLimited) return { kind: "rate_limited" };
  if (error instanceof PortalRpcError) {
    return error.code >= 500 ? { kind: "unavailable" } : { kind: "refused", wbReason: error.reason };
  }
  return { kind: "unavailable" };
}

/**
 * One booking on the cabinet's warm page, start to finish:
 *
 * 1. After a crash (`recovering`: an earlier claim may have reached WB) the supply is read back
 *    first — already planned on our date is our booking, confirmed; planned elsewhere or gone is
 *    permanent; still unplanned is tried again.
 * 2. With a ruble cap (or a dry run) the acceptance cost of the day is read from the portal and a
 *    dearer slot is left alone.
 * 3. A dry run goes up to the final confirmation and stops.
 * 4. `plan/add` from inside the page (or the UI: the fallback, and what the real-WB driver uses
 *    until WB's in-page challenge can be run).
 * 5. Confirmed only when the supply reads back as planned on that date (the official API with a
 *    token, the portal otherwise).
 *
 * Every way it can end is a `BookingEnding` — except `ReadBackFailed` (WB took the plan, and we
 * could not see whether it holds), thrown for the booker to retry the read-back, and
 * `SessionLostWhileBooking`, which carries its ending past the session keeper. A failure carries a screenshot of the
 * page (it shows the portal as the seller sees it — no cookie, header or token is ever drawn).
 */
export async function bookSlot(portal: PortalPage, job: ClaimedBooking, deps: BookSlotDeps): Promise<BookingEnding> {
  const preorderId = Number(job.task.supplyId);
  let strategy: BookingStrategy = deps.strategy;
  let cost: number | null = null;
  try {
    if (!Number.isSafeInteger(preorderId) || preorderId <= 0) throw new AttemptFailed({ kind: "supply_gone" });
    const request: PlanRequest = {
      preorderId,
      date: job.date,
      warehouseId: job.warehouseId,
      boxTypeId: job.boxTypeId,
    };
    if (job.recovering) {
      const done = await confirmation(portal, job, preorderId, deps, 1);
      if (done) return done;
    }
    if (job.task.maxCostRub !== null || job.task.dryRun) {
      const day = (await portal.acceptanceCosts(preorderId, job.date, job.date)).find(
        (c) => c.date.slice(0, 10) === job.date,
      );
      if (!day || day.coefficient < 0) throw new AttemptFailed({ kind: "refused", wbReason: "slot_closed" });
      cost = day.cost;
      if (job.task.maxCostRub !== null && cost !== null && cost > job.task.maxCostRub)
        throw new AttemptFailed({ kind: "cost_over_cap" });
    }
    if (job.task.dryRun) {
      // The UI goes up to the final click; the RPC way stops before the call (the challenge's token
      // is single-use and would be spent for nothing).
      if (strategy === "ui") await portal.planByUi(request, { dryRun: true });
      return { kind: "dry_run", acceptanceCost: cost, strategy };
    }
    // The day's cost, asked beside the plan (no added wait): the portal's supply listing carries
    // none, and once the plan took the last place the day no longer shows one. Clicking navigates
    // the page, so that way asks first.
    if (cost === null && strategy === "ui") cost = await dayCost(portal, preorderId, job.date);
    const costLookup = cost === null ? dayCost(portal, preorderId, job.date) : Promise.resolve(cost);
    try {
      await plan(portal, request, strategy);
    } catch (error) {
      if (error instanceof PortalNotSupported && strategy === "rpc") {
        strategy = "ui";
        await plan(portal, request, strategy);
      } else if (!(error instanceof PortalRpcError && error.reason === "already_planned")) throw error;
      // Already planned: the read-back below tells whether it is ours.
    }
    cost = await costLookup;
    let done: BookingEnding | null;
    try {
      done = await confirmation(portal, job, preorderId, deps, deps.readBackTries ?? 3);
    } catch (error) {
      if (error instanceof AttemptFailed) throw error;
      throw new ReadBackFailed("the supply could not be read back after WB accepted the plan", { cause: error });
    }
    if (done) return { ...done, strategy, acceptanceCost: done.acceptanceCost ?? cost };
    throw new AttemptFailed({ kind: "not_confirmed" });
  } catch (error) {
    if (error instanceof ReadBackFailed) throw error;
    const verdict = judgeFailure(failureOf(error));
    // The day's cost when it was read (a slot over the ruble cap says what it would have cost).
    // Booked by a call from inside the page, the page itself never showed the failure: it is drawn
    // with what the portal answered, over the page as it stood.
    const note = strategy === "rpc" ? rpcNote(error) : undefined;
    const ending: BookingEnding = {
      ...verdict,
      strategy,
      acceptanceCost: cost,
      screenshot: await screenshot(portal, note),
    };
    if (error instanceof PortalSessionLost) throw new SessionLostWhileBooking(ending);
    return ending;
  }
}

function plan(portal: PortalPage, request: PlanRequest, strategy: BookingStrategy) {
  return strategy === "rpc" ? portal.planByRpc(request) : portal.planByUi(request);
}

/**
 * Reads the supply back: the ending it means, or null while it is still unplanned. WB may take a
 * moment to show a plan it accepted, so an unplanned answer is asked again (`tries`).
 */
async function confirmation(
  portal: PortalPage,
  job: ClaimedBooking,
  preorderId: number,
  deps: BookSlotDeps,
  tries: number,
): Promise<BookingEnding | null> {
  for (let attempt = 1; ; attempt++) {
    const { supply } = await readSupply(portal, deps.official, job.cabinetId, preorderId);
    const verdict = readBackVerdict(supply, job.date);
    if (verdict === "confirmed") {
      return { kind: "confirmed", supplyId: supply?.supplyId ?? null, acceptanceCost: supply?.acceptanceCost ?? null };
    }
    if (verdict === "gone") throw new AttemptFailed({ kind: "supply_gone" });
    if (verdict === "planned_elsewhere") throw new AttemptFailed({ kind: "planned_elsewhere" });
    if (attempt >= tries) return null;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

/** The acceptance cost of `date` in the supply's own calendar, or null when the portal shows none. */
function dayCost(portal: PortalPage, preorderId: number, date: string): Promise<number | null> {
  return portal
    .acceptanceCosts(preorderId, date, date)
    .then((costs) => costs.find((c) => c.date.slice(0, 10) === date)?.cost ?? null)
    .catch(() => null);
}

/**
 * The page as the seller would see it, for a failed booking. With a `note` (a booking made by a call
 * from inside the page, which changes nothing on it), the note is laid over its top while the
 * picture is taken — Slotpilot's words, marked as such, saying what the portal answered and that
 * the page below is as it stood, not refreshed — and taken off again.
 */
export async function screenshot(portal: PortalPage, note?: string): Promise<Buffer | null> {
  try {
    if (note) await portal.page.evaluate(showNote, note);
    return await portal.page.screenshot({ type: "png", timeout: 5_000 });
  } catch {
    return null;
  } finally {
    if (note) await portal.page.evaluate(hideNote).catch(() => {});
  }
}

/** Runs inside the page: a banner over its top (no styles of the page's touched). */
function showNote(text: string): void {
  const document = (globalThis as unknown as { document: NoteDocument }).document;
  const note = document.createElement("div");
  note.id = "slotpilot-booking-note";
  note.textContent = text;
  note.setAttribute(
    "style",
    "position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:12px 16px;background:#fff4e5;" +
      "color:#1f1f1f;border-bottom:2px solid #f0a020;font:14px/1.4 sans-serif;white-space:pre-wrap",
  );
  document.body.append(note);
}

function hideNote(): void {
  const document = (globalThis as unknown as { document: NoteDocument }).document;
  document.getElementById("slotpilot-booking-note")?.remove();
}

/** The little of the DOM the note needs (the workers compile without DOM types). */
interface NoteDocument {
  createElement(tag: string): {
    id: string;
    textContent: string | null;
    setAttribute(name: string, value: string): void;
  };
  body: { append(node: unknown): void };
  getElementById(id: string): { remove(): void } | null;
}

/** What the portal answered a booking made from inside the page, in the portal's language. */
export function rpcNote(error: unknown, at: Date = new Date()): string {
  const time = at.toLocaleTimeString("ru-RU", { timeZone: "Europe/Moscow", hour12: false });
  const answer =
    error instanceof PortalSessionLost
      ? "сессия закончилась, портал просит войти заново"
      : error instanceof PortalRateLimited
        ? "просит сбавить темп (429)"
        : error instanceof PortalRpcError && error.code < 500
          ? `«${error.message}»`
          : error instanceof AttemptFailed
            ? (ATTEMPT_ANSWERS[error.failure.kind] ?? error.failure.kind)
            : "не ответил (ошибка сервера или страницы)";
  return (
    `Slotpilot · ${time} МСК · бронирование запросом из этой страницы (plan/add) · ответ портала: ${answer}.\n` +
    "Ниже — страница в том виде, в каком она была в этот момент: запрос её не обновляет."
  );
}

const ATTEMPT_ANSWERS: Partial<Record<AttemptFailure["kind"], string>> = {
  supply_gone: "поставка не найдена",
  planned_elsewhere: "поставка запланирована на другую дату",
  cost_over_cap: "стоимость приёмки выше предела, заданного в задаче (план не отправлялся)",
  not_confirmed: "план принят, но поставка не читается запланированной на эту дату",
  refused: "дата закрыта в календаре поставки (план не отправлялся)",
};
