import type { BookingEnding, ClaimedBooking } from "@slotpilot/db";
import { judgeFailure, readBackVerdict } from "@slotpilot/domain";
import { PortalNotSupported, type PortalPage, PortalSessionLost } from "@slotpilot/portal";
import {
  AttemptFailed,
  type BookSlotDeps,
  failureOf,
  ReadBackFailed,
  SessionLostWhileBooking,
  screenshot,
} from "./book-slot.ts";
import { readSupply } from "./read-back.ts";

/**
 * Re-plan: moves the task's planned supply to the booking's better day (`plan/update`) on the
 * cabinet's warm page, and confirms the move only when the supply reads back on the new date.
 *
 * 1. Where WB has the supply now, from the portal's listing (it names WB's supply id, which the
 *    move needs): already on the new date is our move, confirmed (after a crash, or a repeat);
 *    gone is permanent; past planning (shipping allowed…) can no longer move.
 * 2. With a ruble cap, the new day's acceptance cost is read first; a dearer day is left alone.
 * 3. `plan/update` from inside the page (its challenge makes the token). There is no UI way: a
 *    driver that cannot run the challenge (real WB today) records the move as missed.
 * 4. Read back (the official API with a token, the portal otherwise): on the new date, confirmed;
 *    still on the old one, missed — the supply stays booked where it was.
 *
 * Errors travel as in `bookSlot`: `ReadBackFailed` to retry the read-back, `SessionLostWhileBooking`
 * past the session keeper; every other way it ends is a `BookingEnding`.
 */
export async function moveSupply(portal: PortalPage, job: ClaimedBooking, deps: BookSlotDeps): Promise<BookingEnding> {
  const preorderId = Number(job.task.supplyId);
  let cost: number | null = null;
  try {
    const now = (await portal.listSupplies()).find((s) => s.preorderId === preorderId);
    if (!now) throw new AttemptFailed({ kind: "supply_gone" });
    if (now.statusId >= 2 && now.supplyDate?.slice(0, 10) === job.date)
      return { kind: "confirmed", supplyId: now.supplyId, strategy: "rpc" };
    if (now.statusId !== 2 || now.supplyId === null) throw new AttemptFailed({ kind: "move_unavailable" });
    if (job.task.maxCostRub !== null) {
      const day = (await portal.acceptanceCosts(preorderId, job.date, job.date)).find(
        (c) => c.date.slice(0, 10) === job.date,
      );
      if (!day || day.coefficient < 0) throw new AttemptFailed({ kind: "refused", wbReason: "slot_closed" });
      cost = day.cost;
      if (cost !== null && cost > job.task.maxCostRub) throw new AttemptFailed({ kind: "cost_over_cap" });
    }
    try {
      await portal.replanByRpc({ supplyId: now.supplyId, date: job.date, boxTypeId: job.boxTypeId });
    } catch (error) {
      if (error instanceof PortalNotSupported) throw new AttemptFailed({ kind: "unavailable" });
      throw error;
    }
    for (let attempt = 1; ; attempt++) {
      let supply: Awaited<ReturnType<typeof readSupply>>["supply"];
      try {
        ({ supply } = await readSupply(portal, deps.official, job.cabinetId, preorderId));
      } catch (error) {
        throw new ReadBackFailed("the supply could not be read back after WB accepted the move", { cause: error });
      }
      const verdict = readBackVerdict(supply, job.date);
      if (verdict === "confirmed")
        return {
          kind: "confirmed",
          supplyId: now.supplyId,
          acceptanceCost: supply?.acceptanceCost ?? cost,
          strategy: "rpc",
        };
      if (verdict === "gone") throw new AttemptFailed({ kind: "supply_gone" });
      if (attempt >= (deps.readBackTries ?? 3)) throw new AttemptFailed({ kind: "not_confirmed" });
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  } catch (error) {
    if (error instanceof ReadBackFailed) throw error;
    const ending: BookingEnding = {
      ...judgeFailure(failureOf(error)),
      strategy: "rpc",
      screenshot: await screenshot(portal),
    };
    if (error instanceof PortalSessionLost) throw new SessionLostWhileBooking(ending);
    return ending;
  }
}
