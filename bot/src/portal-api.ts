import { ApiCallError, unwrap } from "./api-call.ts";
import type { BotContext } from "./context.ts";

/**
 * A cabinet's WB seller-portal session, as `/api/cabinets/:id/login*` describe it (the portal
 * sessions work), called by path here rather than through the typed client.
 */
export interface PortalSession {
  state: "INITIALIZING" | "WAITING_AUTH" | "ACTIVE" | "ERROR" | "STOPPED";
  waitingFor: "code" | "captcha" | "cabinet" | null;
  error: { code: string; message: string } | null;
  phone: string | null;
  captchaUrl: string | null;
  cabinets: { supplierId: number; name: string }[] | null;
  /** The WB cabinet the session works in, with the name WB shows for it, once logged in. */
  wbCabinet: { supplierId: number; name: string } | null;
}

async function send<T>(ctx: BotContext, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = await ctx.rawApi(path, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return unwrap(response as Response & { json(): Promise<T> });
}

export const portalLogin = {
  start: (ctx: BotContext, cabinetId: number, phone: string) =>
    send<{ session: PortalSession }>(ctx, "POST", `/cabinets/${cabinetId}/login`, { phone }),
  code: (ctx: BotContext, cabinetId: number, code: string) =>
    send<{ session: PortalSession | null }>(ctx, "POST", `/cabinets/${cabinetId}/login/code`, { code }),
  captcha: (ctx: BotContext, cabinetId: number, answer: string) =>
    send<{ session: PortalSession | null }>(ctx, "POST", `/cabinets/${cabinetId}/login/captcha`, { answer }),
  /** The phone's WB cabinet to work in, when it has several. */
  cabinet: (ctx: BotContext, cabinetId: number, supplierId: number) =>
    send<{ session: PortalSession | null }>(ctx, "POST", `/cabinets/${cabinetId}/login/cabinet`, { supplierId }),
  /** The captcha picture's bytes, base64 (flows keep only JSON). */
  captchaImage: async (ctx: BotContext, url: string): Promise<string> => {
    const response = await ctx.rawApi(url.replace(/^\/api/, ""), { method: "GET" });
    if (!response.ok) throw new ApiCallError("portal.no_captcha", ctx.t("bot.error"), response.status);
    return Buffer.from(await response.arrayBuffer()).toString("base64");
  },
};
