import { describe, expect, it } from "vitest";
import { connectDemoPortal } from "./demo-seller.ts";

const DEMO = {
  phone: "+79990000001",
  cabinets: [{ supplierId: 4100001, name: "ИП Демо Продавец", tokens: { personal: "p", basic: "b" } }],
  preorders: [],
  drafts: [],
};

/** The API as the demo login meets it: the cabinet's portal in `state`, every call recorded. */
function api(state: string | null) {
  const calls: string[] = [];
  const fetch = async (request: Request) => {
    const path = new URL(request.url).pathname;
    calls.push(`${request.method} ${path}`);
    if (request.method === "GET" && path === "/api/cabinets")
      return Response.json({ cabinets: [{ id: 1, portal: state === null ? null : { state } }] });
    if (path === "/api/cabinets/1/login")
      return Response.json({ session: { state: "WAITING_AUTH", waitingFor: "code", error: null, cabinets: null } });
    if (path === "/api/cabinets/1/login/code")
      return Response.json({ session: { state: "ACTIVE", waitingFor: null, error: null, cabinets: null } });
    return Response.json({ error: { message: "unexpected" } }, { status: 404 });
  };
  return { calls, fetch };
}

describe("the demo's portal login at start", () => {
  it("leaves a session already active from an earlier start to the keeper: no new login, no SMS", async () => {
    const { calls, fetch } = api("ACTIVE");
    const outcome = await connectDemoPortal({
      fetch,
      botToken: "1:x",
      cabinetId: 1,
      demo: DEMO,
      smsCode: async () => "123456",
    });
    expect(outcome).toEqual({ state: "ACTIVE", reopened: true });
    expect(calls).toEqual(["GET /api/cabinets"]);
  });

  it("logs a cabinet without an active session in, phone then code", async () => {
    const { calls, fetch } = api(null);
    const outcome = await connectDemoPortal({
      fetch,
      botToken: "1:x",
      cabinetId: 1,
      demo: DEMO,
      smsCode: async () => "123456",
    });
    expect(outcome).toEqual({ state: "ACTIVE" });
    expect(calls).toEqual(["GET /api/cabinets", "POST /api/cabinets/1/login", "POST /api/cabinets/1/login/code"]);
  });
});
