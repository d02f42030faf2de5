import {
  type Db,
  openPortalPhone,
  type PortalSessionRow,
  phoneHint,
  readPortalSession,
  recordAudit,
  sealPortalInput,
  sealPortalPhone,
  startPortalLogin,
  stopPortalSession,
  submitPortalInput,
} from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { portalView } from "../portal-view.ts";
import { validate } from "../validate.ts";
import { idParam } from "../validation/fields.ts";
import { ownCabinet } from "./cabinets.ts";

/** How long a login request waits for the worker to reach the next step before answering. */
export const LOGIN_WAIT_MS = 25_000;

/** A Russian mobile as people write it: +7 / 8 / 7, then 10 digits, any spaces, dashes, brackets. */
const phone = z
  .string()
  .trim()
  .max(32)
  .transform((v, ctx) => {
    const digits = v.replace(/[\s()-]/g, "");
    const m = /^(?:\+7|8|7)?(\d{10})$/.exec(digits);
    if (!m) {
      ctx.addIssue({ code: "custom", message: "expects +7 and 10 digits" });
      return z.NEVER;
    }
    return `+7${m[1]}`;
  });
const loginBody = z.object({ phone: z.string().optional() }).strict();
const codeBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{4,8}$/, "expects the digits from the SMS"),
  })
  .strict();
const captchaBody = z.object({ answer: z.string().trim().min(1).max(32) }).strict();
const cabinetBody = z.object({ supplierId: z.number().int().positive() }).strict();

/**
 * Waits until the worker has moved the session past `settled` (a step reached, an input used),
 * or `waitMs` passed; returns the session as it is then.
 */
async function settle(db: Db, cabinetId: number, settled: (row: PortalSessionRow) => boolean, waitMs: number) {
  const end = Date.now() + waitMs;
  let pause = 50;
  for (;;) {
    const row = await readPortalSession(db, cabinetId);
    if (!row || settled(row) || Date.now() >= end) return row;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, end - Date.now()))));
    pause = Math.min(400, pause * 2);
  }
}

/**
 * A cabinet's WB seller-portal login, as the bot and the Mini App drive it:
 * `POST …/login {phone}` starts it in a worker's browser; the answer (after at most ~25 s) is the
 * session: WAITING_AUTH for the SMS `code` or a `captcha` (its picture at `captchaUrl`), or ERROR.
 * `…/login/code`, `…/login/captcha` and `…/login/cabinet` feed it; each answers once the worker has
 * used the input (a wrong code comes back as WAITING_AUTH with `error.code` `portal.code_wrong`).
 * `DELETE …/login` disconnects and forgets the session. The state also streams on `/api/events`.
 */
export function portalLoginRoutes(deps: ApiDeps, options: { waitMs?: number } = {}) {
  const waitMs = options.waitMs ?? deps.portalLoginWaitMs ?? LOGIN_WAIT_MS;
  const key = deps.config.encryptionKey;

  async function feed(
    c: { get(k: "organization"): { id: number } },
    cabinetId: number,
    kind: "code" | "captcha" | "cabinet",
    value: string,
  ) {
    await ownCabinet(deps.db, c.get("organization").id, cabinetId);
    const session = await readPortalSession(deps.db, cabinetId);
    if (!session?.login_id || session.state !== "WAITING_AUTH" || session.waiting_for !== kind) {
      throw new AppError("portal.not_waiting");
    }
    const submitted = await submitPortalInput(deps.db, {
      cabinetId,
      kind,
      loginId: session.login_id,
      sealed: sealPortalInput(key, cabinetId, session.login_id, value),
    });
    if (!submitted) throw new AppError("portal.not_waiting");
    return settle(
      deps.db,
      cabinetId,
      (row) => row.done_seq >= submitted.seq || row.login_id !== session.login_id,
      waitMs,
    );
  }

  return new Hono<AppEnv>()
    .get("/cabinets/:id/login", validate("param", idParam), async (c) => {
      const cabinet = await ownCabinet(deps.db, c.get("organization").id, c.req.valid("param").id);
      const session = await readPortalSession(deps.db, cabinet.id);
      return c.json({ session: session ? portalView(session, c.get("locale")) : null });
    })
    .post("/cabinets/:id/login", validate("param", idParam), validate("json", loginBody), async (c) => {
      const organizationId = c.get("organization").id;
      const cabinet = await ownCabinet(deps.db, organizationId, c.req.valid("param").id);
      const ref = { organizationId, cabinetId: cabinet.id };
      const given = c.req.valid("json").phone;
      let number: string;
      if (given !== undefined) {
        const parsed = phone.safeParse(given);
        if (!parsed.success) throw new AppError("portal.phone_invalid");
        number = parsed.data;
      } else {
        // "Log in again" from a lost-session message: the phone used last time.
        const previous = await readPortalSession(deps.db, cabinet.id);
        if (!previous?.phone_sealed) throw new AppError("portal.no_phone");
        number = openPortalPhone(key, ref, previous.phone_sealed);
      }
      const started = await startPortalLogin(deps.db, {
        ...ref,
        phoneSealed: sealPortalPhone(key, ref, number),
        phoneHint: phoneHint(number),
      });
      await recordAudit(deps.db, {
        action: "portal.login_started",
        actorUserId: c.get("user").id,
        organizationId,
        details: { cabinetId: cabinet.id },
      });
      const row = await settle(
        deps.db,
        cabinet.id,
        (r) => r.login_id !== started.login_id || r.state !== "INITIALIZING",
        waitMs,
      );
      const view = portalView(row ?? started, c.get("locale"));
      return c.json({ session: view }, view.state === "INITIALIZING" ? 202 : 200);
    })
    .post("/cabinets/:id/login/code", validate("param", idParam), validate("json", codeBody), async (c) => {
      const row = await feed(c, c.req.valid("param").id, "code", c.req.valid("json").code);
      return c.json({ session: row ? portalView(row, c.get("locale")) : null });
    })
    .post("/cabinets/:id/login/captcha", validate("param", idParam), validate("json", captchaBody), async (c) => {
      const row = await feed(c, c.req.valid("param").id, "captcha", c.req.valid("json").answer);
      return c.json({ session: row ? portalView(row, c.get("locale")) : null });
    })
    .post("/cabinets/:id/login/cabinet", validate("param", idParam), validate("json", cabinetBody), async (c) => {
      const id = c.req.valid("param").id;
      await ownCabinet(deps.db, c.get("organization").id, id);
      const { supplierId } = c.req.valid("json");
      const session = await readPortalSession(deps.db, id);
      if (session?.waiting_for === "cabinet" && !session.cabinet_choices?.some((x) => x.supplierId === supplierId)) {
        throw new AppError("portal.unknown_cabinet");
      }
      const row = await feed(c, id, "cabinet", String(supplierId));
      return c.json({ session: row ? portalView(row, c.get("locale")) : null });
    })
    .get("/cabinets/:id/login/captcha", validate("param", idParam), async (c) => {
      const cabinet = await ownCabinet(deps.db, c.get("organization").id, c.req.valid("param").id);
      const session = await readPortalSession(deps.db, cabinet.id);
      if (!session?.captcha_image || session.waiting_for !== "captcha") throw new AppError("portal.no_captcha");
      return c.body(new Uint8Array(session.captcha_image), 200, {
        "content-type": session.captcha_type ?? "application/octet-stream",
        "cache-control": "no-store",
      });
    })
    .delete("/cabinets/:id/login", validate("param", idParam), async (c) => {
      const organizationId = c.get("organization").id;
      const cabinet = await ownCabinet(deps.db, organizationId, c.req.valid("param").id);
      const row = await stopPortalSession(deps.db, cabinet.id);
      if (row) {
        await recordAudit(deps.db, {
          action: "portal.disconnected",
          actorUserId: c.get("user").id,
          organizationId,
          details: { cabinetId: cabinet.id },
        });
      }
      return c.json({ session: row ? portalView(row, c.get("locale")) : null });
    });
}
