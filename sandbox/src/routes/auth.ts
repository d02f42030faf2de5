import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { normalizePhone } from "../accounts.ts";
import { latencyFor } from "../faults.ts";
import { AUTH_PATHS, COOKIES, HOST_PREFIXES, PORTAL_PATHS } from "../paths.ts";
import { captchaSvg } from "../portal/captcha-image.ts";
import { captchaPage, codePage, phonePage } from "../portal/login-pages.ts";
import type { SandboxState } from "../state.ts";
import { sleep } from "./wb-error.ts";

const YEAR_S = 365 * 24 * 3600;
const HOME = `${HOST_PREFIXES.seller}${PORTAL_PATHS.supplies}`;

/** Only same-site paths: an open redirect would be a bug even in a simulator. */
function safeRedirect(value: unknown): string {
  const text = typeof value === "string" ? value : "";
  return text.startsWith("/") && !text.startsWith("//") ? text : HOME;
}

function device(c: Context): string {
  let key = getCookie(c, COOKIES.device);
  if (!key) {
    key = randomBytes(16).toString("hex");
    setCookie(c, COOKIES.device, key, { path: "/", httpOnly: true, sameSite: "Lax", maxAge: YEAR_S });
  }
  return key;
}

/** `seller-auth`: phone → (image captcha) → SMS code → session cookies; plus the header-token refresh. */
export function authRoutes(state: SandboxState): Hono {
  const app = new Hono();
  app.use(async (_c, next) => {
    await sleep(latencyFor(state.faults, "auth"));
    state.sync();
    await next();
  });

  app.get(AUTH_PATHS.login, (c) => {
    device(c);
    return c.html(phonePage(safeRedirect(c.req.query("redirect_url"))));
  });

  app.post(AUTH_PATHS.phone, async (c) => {
    const form = await c.req.parseBody();
    const redirect = safeRedirect(form.redirect_url);
    const phone = normalizePhone(String(form.phone ?? ""));
    if (!phone) return c.html(phonePage(redirect, "Введите номер телефона полностью"), 400);
    if (!state.accounts.sellers.has(phone))
      return c.html(phonePage(redirect, "Продавец с таким номером не найден"), 404);
    const dev = device(c);
    const attempt = state.auth.start(phone, dev, state.loginNeedsCaptcha(dev), state.now());
    if (attempt.captcha) return c.html(captchaPage(phone, attempt.captcha.id, redirect));
    return c.html(codePage(phone, redirect));
  });

  app.post(AUTH_PATHS.captcha, async (c) => {
    const form = await c.req.parseBody();
    const redirect = safeRedirect(form.redirect_url);
    const phone = normalizePhone(String(form.phone ?? ""));
    if (!phone || !state.auth.attempt(phone)) return c.html(phonePage(redirect, "Начните вход заново"), 400);
    if (state.auth.solveCaptcha(phone, String(form.captcha ?? ""), state.now()))
      return c.html(codePage(phone, redirect));
    const captcha = state.auth.attempt(phone)?.captcha;
    if (!captcha) return c.html(phonePage(redirect, "Начните вход заново"), 400);
    return c.html(captchaPage(phone, captcha.id, redirect, "Неверно введены символы"), 400);
  });

  app.get("/captcha/:file", (c) => {
    const id = c.req.param("file").replace(/\.svg$/, "");
    const answer = state.auth.captchaById(id);
    if (!answer) return c.text("Not Found", 404);
    return c.body(captchaSvg(id, answer), 200, { "content-type": "image/svg+xml", "cache-control": "no-store" });
  });

  app.post(AUTH_PATHS.code, async (c) => {
    const form = await c.req.parseBody();
    const redirect = safeRedirect(form.redirect_url);
    const phone = normalizePhone(String(form.phone ?? ""));
    if (!phone) return c.html(phonePage(redirect, "Начните вход заново"), 400);
    const result = state.auth.confirm(phone, String(form.code ?? ""), state.now(), state.faults.sessionTtlMs);
    if (!result.ok) {
      if (result.reason === "wrong-code") return c.html(codePage(phone, redirect, "Неверный код"), 400);
      return c.html(phonePage(redirect, "Код устарел, запросите новый"), 400);
    }
    const { session } = result;
    const maxAge = Math.floor(state.faults.sessionTtlMs / 1000);
    const first = state.accounts.sellers.get(phone)?.cabinets[0];
    setCookie(c, COOKIES.session, session.token, { path: "/", httpOnly: true, sameSite: "Lax", maxAge });
    setCookie(c, COOKIES.refresh, session.refresh, { path: "/", httpOnly: true, sameSite: "Lax", maxAge });
    if (first) setCookie(c, COOKIES.supplier, String(first.supplierId), { path: "/", sameSite: "Lax", maxAge: YEAR_S });
    return c.redirect(redirect, 302);
  });

  // The page calls this every few minutes (and on a 401) for a new `wb-seller-lk` header token.
  app.post(AUTH_PATHS.headerToken, (c) => {
    const session = state.auth.session(getCookie(c, COOKIES.session) ?? c.req.header("authorizev3"), state.now());
    if (!session) return c.json({ result: 1, error: "unauthorized" }, 401);
    const issued = state.auth.issueHeaderToken(session, state.now(), state.faults.sessionTtlMs);
    const expiresIn = Math.round((issued.expiresAt - state.now()) / 1000);
    return c.json({ result: 0, payload: { access_token: issued.token, expires_in: expiresIn } });
  });

  app.get(AUTH_PATHS.logout, (c) => {
    const token = getCookie(c, COOKIES.session);
    if (token) state.auth.logout(token);
    deleteCookie(c, COOKIES.session, { path: "/" });
    deleteCookie(c, COOKIES.refresh, { path: "/" });
    return c.redirect(`${HOST_PREFIXES["seller-auth"]}${AUTH_PATHS.login}`, 302);
  });

  return app;
}
