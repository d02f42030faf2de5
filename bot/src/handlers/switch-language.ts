import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";

/** Saves the seller's language and answers the rest of this update in it. */
export async function switchLanguage(ctx: BotContext, locale: Locale): Promise<void> {
  const seller = await unwrap(await ctx.backend.me.$patch({ json: { locale } }));
  ctx.seller = seller;
  ctx.locale = seller.locale;
  ctx.t = translator(seller.locale);
}
