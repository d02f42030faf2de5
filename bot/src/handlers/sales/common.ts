import { ApiCallError, isRefusal } from "../../api-call.ts";
import type { BotContext } from "../../context.ts";

/** Admin commands exist only for admins: for anyone else the update goes on to the seller bot. */
export const isAdmin = (ctx: BotContext) => ctx.seller?.user.role === "admin";

/** `/view 12` → 12; null for anything that is not a plain dialog number. */
export function dialogNumber(match: string): number | null {
  const text = match.trim().replace(/^#|^№/, "");
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : null;
}

/** An API call whose refusal is an answer to show (its message is localized), not a failure. */
export async function attempt<T>(
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; message: string; code: string }> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (err instanceof ApiCallError && isRefusal(err)) return { ok: false, message: err.message, code: err.code };
    throw err;
  }
}

/** Telegram's limit for one message; longer texts are cut (exports have everything). */
export const MESSAGE_LIMIT = 4096;
