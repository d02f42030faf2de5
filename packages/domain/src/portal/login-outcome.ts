/**
 * What a step of a portal login means for the cabinet's session — pure, so every case is a row in a
 * table test. The keeper drives the browser; this decides the state the seller sees next.
 */

export type SessionState = "INITIALIZING" | "WAITING_AUTH" | "ACTIVE" | "ERROR" | "STOPPED";
export type WaitingFor = "code" | "captcha" | "cabinet";

/** A login step as the portal driver reports it (structurally the driver's `LoginStep`, minus bytes). */
export type StepSeen =
  | { kind: "captcha"; retry: boolean }
  | { kind: "code" }
  | { kind: "choose_cabinet"; cabinets: readonly { supplierId: number; name: string }[] }
  | { kind: "done"; cabinet: { supplierId: number; name: string } }
  | { kind: "refused"; reason: "phone_unknown" | "phone_invalid" | "code_wrong" | "code_expired" };

/** The session after a step: its state, what it waits for, and an `errors.portal.*` code or null. */
export interface SessionAfterStep {
  state: SessionState;
  waitingFor: WaitingFor | null;
  error: string | null;
}

export type LoginOutcome =
  | { kind: "session"; session: SessionAfterStep; choices?: readonly { supplierId: number; name: string }[] }
  /** The cabinet already names its WB account and the phone has it: pick it without asking. */
  | { kind: "choose"; supplierId: number }
  | { kind: "active"; cabinet: { supplierId: number; name: string } };

const waiting = (waitingFor: WaitingFor, error: string | null = null): LoginOutcome => ({
  kind: "session",
  session: { state: "WAITING_AUTH", waitingFor, error },
});
const failed = (error: string): LoginOutcome => ({
  kind: "session",
  session: { state: "ERROR", waitingFor: null, error },
});

/**
 * `wbAccountId` is the WB account the cabinet is already tied to (its API token's, or an earlier
 * login's), or null. A login must land in that account: anything else would book into someone
 * else's cabinet.
 */
export function loginOutcome(step: StepSeen, wbAccountId: number | null): LoginOutcome {
  switch (step.kind) {
    case "captcha":
      return waiting("captcha", step.retry ? "portal.captcha_wrong" : null);
    case "code":
      return waiting("code");
    case "refused":
      if (step.reason === "code_wrong") return waiting("code", "portal.code_wrong");
      return failed(`portal.${step.reason}`);
    case "choose_cabinet": {
      if (wbAccountId === null) return { kind: "session", session: waitingFor("cabinet"), choices: step.cabinets };
      return step.cabinets.some((c) => c.supplierId === wbAccountId)
        ? { kind: "choose", supplierId: wbAccountId }
        : failed("portal.cabinet_mismatch");
    }
    case "done":
      if (wbAccountId !== null && step.cabinet.supplierId !== wbAccountId) return failed("portal.cabinet_mismatch");
      return { kind: "active", cabinet: step.cabinet };
  }
}

function waitingFor(what: WaitingFor): SessionAfterStep {
  return { state: "WAITING_AUTH", waitingFor: what, error: null };
}
