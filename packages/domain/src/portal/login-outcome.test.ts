import { describe, expect, it } from "vitest";
import { type LoginOutcome, loginOutcome, type StepSeen } from "./login-outcome.ts";

const A = { supplierId: 4100001, name: "ИП Первый" };
const B = { supplierId: 4100002, name: "ООО Второй" };

const wait = (waitingFor: string, error: string | null = null) => ({
  kind: "session",
  session: { state: "WAITING_AUTH", waitingFor, error },
});
const error = (code: string) => ({ kind: "session", session: { state: "ERROR", waitingFor: null, error: code } });

// step the portal shows · the cabinet's WB account (null = not tied yet) · what the seller sees next
const cases: [string, StepSeen, number | null, LoginOutcome | Record<string, unknown>][] = [
  ["an image captcha", { kind: "captcha", retry: false }, null, wait("captcha")],
  [
    "a new captcha after a wrong answer",
    { kind: "captcha", retry: true },
    null,
    wait("captcha", "portal.captcha_wrong"),
  ],
  ["the SMS code field", { kind: "code" }, null, wait("code")],
  ["a wrong code: try again", { kind: "refused", reason: "code_wrong" }, null, wait("code", "portal.code_wrong")],
  ["an expired code: start over", { kind: "refused", reason: "code_expired" }, null, error("portal.code_expired")],
  ["a phone WB does not know", { kind: "refused", reason: "phone_unknown" }, null, error("portal.phone_unknown")],
  ["a malformed phone", { kind: "refused", reason: "phone_invalid" }, null, error("portal.phone_invalid")],
  [
    "several cabinets, none tied yet: the seller picks",
    { kind: "choose_cabinet", cabinets: [A, B] },
    null,
    { ...wait("cabinet"), choices: [A, B] },
  ],
  [
    "several cabinets, the tied one among them: picked",
    { kind: "choose_cabinet", cabinets: [A, B] },
    B.supplierId,
    { kind: "choose", supplierId: B.supplierId },
  ],
  [
    "several cabinets, the tied one missing",
    { kind: "choose_cabinet", cabinets: [A, B] },
    999,
    error("portal.cabinet_mismatch"),
  ],
  ["logged in, not tied yet", { kind: "done", cabinet: A }, null, { kind: "active", cabinet: A }],
  ["logged in to the tied cabinet", { kind: "done", cabinet: A }, A.supplierId, { kind: "active", cabinet: A }],
  [
    "logged in to another account than the token's",
    { kind: "done", cabinet: A },
    B.supplierId,
    error("portal.cabinet_mismatch"),
  ],
];

describe("loginOutcome", () => {
  it.each(cases)("%s", (_, step, account, expected) => {
    expect(loginOutcome(step, account)).toEqual(expected);
  });
});
