import { DEFAULT_LOCALE, type Locale, localeFromTelegram } from "@slotpilot/domain";

/** Before we know the user, answer in the first language their client asks for that we speak. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const first = header?.split(",")[0]?.trim();
  return first ? localeFromTelegram(first) : DEFAULT_LOCALE;
}

/**
 * The language of a Telegram user's initData (`Authorization: tma <initData>`), read without
 * checking its signature: it only chooses the words of an answer given before sign-in (a body too
 * large), so the user reads the same language as in every other error. Undefined when there is none.
 */
export function localeFromInitData(authorization: string | undefined): Locale | undefined {
  const initData = authorization?.match(/^tma (.+)$/)?.[1];
  if (!initData) return undefined;
  try {
    const user: unknown = JSON.parse(new URLSearchParams(initData).get("user") ?? "null");
    const code = (user as { language_code?: unknown } | null)?.language_code;
    return typeof code === "string" ? localeFromTelegram(code) : undefined;
  } catch {
    return undefined;
  }
}

/** The language to answer a request in before (or without) sign-in: its initData's, else Accept-Language. */
export function requestLocale(headers: { authorization?: string | undefined; acceptLanguage?: string | undefined }) {
  return localeFromInitData(headers.authorization) ?? localeFromAcceptLanguage(headers.acceptLanguage);
}
