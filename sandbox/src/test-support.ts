import type { Hono } from "hono";
import { createApp } from "./app.ts";
import { createClock } from "./clock.ts";
import { SandboxDriver } from "./driver.ts";
import type { Faults } from "./faults.ts";
import { SandboxState } from "./state.ts";

/** 2026-11-21 09:00 UTC: a fixed morning, so dates in tests never depend on the real day. */
export const TEST_START = Date.UTC(2026, 10, 21, 9, 0, 0);

/** An in-memory sandbox on a manual clock: drive it with `driver.advance()`, call it with `app.request()`. */
export function testSandbox(options: { seed?: number; control?: boolean; faults?: Partial<Faults> } = {}) {
  const clock = createClock({ manual: true, start: TEST_START });
  const state = new SandboxState({
    seed: options.seed ?? 42,
    clock,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const driver = new SandboxDriver(state);
  const app = createApp(driver, { control: options.control ?? true, origin: () => "http://sandbox.test" });
  return { state, driver, app, clock };
}

/** A cookie jar for `app.request()`: what a browser would keep between requests. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  store(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

export const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** Logs a seller in through the portal's forms and returns the jar holding the session cookies. */
export async function portalLogin(app: Hono, driver: SandboxDriver, phone: string, jar = new CookieJar()) {
  const request = async (path: string, init: RequestInit = {}) =>
    jar.store(
      await app.request(path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
      }),
    );
  await request("/seller-auth/ru/");
  const afterPhone = await request(
    "/seller-auth/ru/phone",
    form({ phone, redirect_url: "/seller/supplies-management/all-supplies" }),
  );
  if ((await afterPhone.text()).includes('id="captcha"')) {
    await request("/seller-auth/ru/captcha", form({ phone, captcha: driver.captchaAnswer(phone) ?? "" }));
  }
  const done = await request("/seller-auth/ru/code", form({ phone, code: driver.smsCode(phone) ?? "" }));
  if (done.status !== 302) throw new Error(`login failed: ${done.status}`);
  return { jar, request };
}

/** A fresh `wb-seller-lk` header token for a logged-in jar. */
export async function headerToken(app: Hono, jar: CookieJar): Promise<string> {
  const res = await app.request("/seller-auth/auth/v2/auth/slide-v3", {
    method: "POST",
    headers: { cookie: jar.header() },
  });
  const body = (await res.json()) as { payload: { access_token: string } };
  return body.payload.access_token;
}
