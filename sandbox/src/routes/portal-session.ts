import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Cabinet } from "../accounts.ts";
import { COOKIES } from "../paths.ts";
import type { Session } from "../portal-auth.ts";
import type { SandboxState } from "../state.ts";

export interface PortalContext {
  session: Session;
  cabinet: Cabinet;
  cabinets: readonly Cabinet[];
}

/**
 * The logged-in seller and the cabinet picked by `x-supplier-id`. The session comes from the
 * `WBTokenV3` cookie or, for clients that copy it as WB's own pages do, the `authorizev3` header.
 */
export function portalContext(state: SandboxState, c: Context): PortalContext | undefined {
  const token = getCookie(c, COOKIES.session) ?? c.req.header("authorizev3");
  const session = state.auth.session(token, state.now());
  if (!session) return undefined;
  const cabinets = state.accounts.sellers.get(session.phone)?.cabinets ?? [];
  const wanted = Number(getCookie(c, COOKIES.supplier) ?? c.req.header("x-supplier-id"));
  const cabinet = cabinets.find((cab) => cab.supplierId === wanted) ?? cabinets[0];
  if (!cabinet) return undefined;
  return { session, cabinet, cabinets };
}
