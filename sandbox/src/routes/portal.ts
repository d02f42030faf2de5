import type { Context } from "hono";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { probeMarkup } from "../challenge.ts";
import { latencyFor } from "../faults.ts";
import { AUTH_PATHS, COOKIES, HOST_PREFIXES, PORTAL_PATHS } from "../paths.ts";
import type { PageChallenge } from "../portal/html.ts";
import { RUNTIME_SCRIPT } from "../portal/runtime-script.ts";
import { suppliesPage, supplyDetailPage } from "../portal/supplies-pages.ts";
import type { SandboxState } from "../state.ts";
import { type PortalContext, portalContext } from "./portal-session.ts";
import { sleep } from "./wb-error.ts";

const S = HOST_PREFIXES.seller;

/** A fresh challenge nonce for the page about to be served to this session, device and browser. */
function challengeFor(state: SandboxState, c: Context, ctx: PortalContext): PageChallenge {
  const nonce = state.challenges.issue(
    ctx.session.token,
    getCookie(c, COOKIES.device) ?? "",
    c.req.header("user-agent") ?? "",
  );
  return { nonce, ...probeMarkup(nonce), script: RUNTIME_SCRIPT };
}

/** `seller`: the server-rendered portal pages. No live session → bounce to the login page. */
export function portalRoutes(state: SandboxState): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await sleep(latencyFor(state.faults, "portal"));
    state.sync();
    if (!portalContext(state, c)) {
      const url = new URL(c.req.url);
      const back = encodeURIComponent(url.pathname + url.search);
      return c.redirect(`${HOST_PREFIXES["seller-auth"]}${AUTH_PATHS.login}?redirect_url=${back}`, 302);
    }
    await next();
    return undefined;
  });

  app.get("/", (c) => c.redirect(`${S}${PORTAL_PATHS.supplies}`, 302));

  app.get(PORTAL_PATHS.supplies, (c) => {
    const ctx = portalContext(state, c);
    if (!ctx) return c.text("Unauthorized", 401);
    const supplies = state.accounts.suppliesOf(ctx.cabinet.supplierId).sort((a, b) => b.preorderId - a.preorderId);
    return c.html(
      suppliesPage(ctx.cabinet, ctx.cabinets, supplies, state.world.calendar.byId, challengeFor(state, c, ctx)),
    );
  });

  app.get(PORTAL_PATHS.supplyDetail, (c) => {
    const ctx = portalContext(state, c);
    if (!ctx) return c.text("Unauthorized", 401);
    const supply = state.accounts.supplies.get(Number(c.req.query("preorderId")));
    if (!supply || supply.supplierId !== ctx.cabinet.supplierId) return c.html("<p>Поставка не найдена</p>", 404);
    const warehouse = state.world.calendar.byId.get(supply.warehouseId);
    return c.html(
      supplyDetailPage(ctx.cabinet, ctx.cabinets, supply, warehouse, state.today(), challengeFor(state, c, ctx)),
    );
  });

  app.get(PORTAL_PATHS.switchSupplier, (c) => {
    const ctx = portalContext(state, c);
    const wanted = Number(c.req.query("supplierId"));
    if (ctx?.cabinets.some((cab) => cab.supplierId === wanted)) {
      setCookie(c, COOKIES.supplier, String(wanted), { path: "/", sameSite: "Lax", maxAge: 365 * 24 * 3600 });
    }
    const back = c.req.query("back") ?? "";
    const target = back.startsWith(`${S}/`) ? back : `${S}${PORTAL_PATHS.supplies}`;
    // A detail page of the old cabinet would 404 in the new one; land on the list instead.
    return c.redirect(target.includes(PORTAL_PATHS.supplyDetail) ? `${S}${PORTAL_PATHS.supplies}` : target, 302);
  });

  return app;
}
