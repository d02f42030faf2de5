import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import { AppError } from "./errors.ts";
import { withoutControlChars } from "./text.ts";

/** The Telegram user inside Mini App initData. */
export interface InitDataUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  photo_url?: string;
}

export interface InitData {
  user: InitDataUser;
  authDate: Date;
  queryId: string | undefined;
  startParam: string | undefined;
}

export const INIT_DATA_MAX_AGE_SECONDS = 3600;
/** How far in the future `auth_date` may be: clocks differ a little, never by minutes. */
export const INIT_DATA_MAX_SKEW_SECONDS = 60;

// Every request checks initData: derive each bot token's key once, not per request.
const secretKeys = new Map<string, KeyObject>();
function secretKey(botToken: string): KeyObject {
  let key = secretKeys.get(botToken);
  if (!key) {
    key = createSecretKey(createHmac("sha256", "WebAppData").update(botToken).digest());
    secretKeys.set(botToken, key);
  }
  return key;
}

function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key !== "hash")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

/**
 * Validates Mini App initData as Telegram specifies: HMAC-SHA-256 of the sorted fields under a key
 * derived from the bot token. Throws `auth.invalid` for anything forged or malformed and
 * `auth.expired` when `auth_date` is older than `maxAgeSeconds`.
 */
export function validateInitData(
  raw: string,
  botToken: string,
  now: Date = new Date(),
  maxAgeSeconds: number = INIT_DATA_MAX_AGE_SECONDS,
): InitData {
  const params = new URLSearchParams(raw);
  const hash = params.get("hash");
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) throw new AppError("auth.invalid");
  const expected = createHmac("sha256", secretKey(botToken)).update(dataCheckString(params)).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, "hex"))) throw new AppError("auth.invalid");

  const authDate = Number(params.get("auth_date"));
  if (!Number.isSafeInteger(authDate) || authDate <= 0) throw new AppError("auth.invalid");
  const ageSeconds = now.getTime() / 1000 - authDate;
  if (ageSeconds > maxAgeSeconds) throw new AppError("auth.expired");
  if (ageSeconds < -INIT_DATA_MAX_SKEW_SECONDS) throw new AppError("auth.invalid");

  const user = parseUser(params.get("user"));
  return {
    user,
    authDate: new Date(authDate * 1000),
    queryId: params.get("query_id") ?? undefined,
    startParam: params.get("start_param") ?? undefined,
  };
}

function parseUser(json: string | null): InitDataUser {
  let value: unknown;
  try {
    value = JSON.parse(json ?? "");
  } catch {
    throw new AppError("auth.invalid");
  }
  const user = value as Partial<InitDataUser> | null;
  if (
    typeof user !== "object" ||
    user === null ||
    typeof user.id !== "number" ||
    !Number.isSafeInteger(user.id) ||
    typeof user.first_name !== "string"
  ) {
    throw new AppError("auth.invalid");
  }
  // Telegram names may hold any character, NUL and other controls included, and PostgreSQL text
  // cannot store NUL: such a user is still signed in, with those characters dropped.
  const profile = user as InitDataUser;
  return {
    ...profile,
    first_name: withoutControlChars(profile.first_name),
    ...(typeof profile.last_name === "string" ? { last_name: withoutControlChars(profile.last_name) } : {}),
    ...(typeof profile.username === "string" ? { username: withoutControlChars(profile.username) } : {}),
    ...(typeof profile.language_code === "string" ? { language_code: withoutControlChars(profile.language_code) } : {}),
  };
}

/**
 * Signs initData the way Telegram does. Used by demo sessions (signed with the local demo bot
 * token, never a real one) and by tests.
 */
export function signInitData(
  fields: { user: InitDataUser; authDate?: Date; queryId?: string },
  botToken: string,
): string {
  const params = new URLSearchParams();
  params.set("auth_date", String(Math.floor((fields.authDate ?? new Date()).getTime() / 1000)));
  if (fields.queryId) params.set("query_id", fields.queryId);
  params.set("user", JSON.stringify(fields.user));
  const hash = createHmac("sha256", secretKey(botToken)).update(dataCheckString(params)).digest("hex");
  params.set("hash", hash);
  return params.toString();
}
