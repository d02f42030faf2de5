/** Admin input for sales commands, checked before anything is stored. */

/** `+7 999 123-45-67`, `79991234567` → `+79991234567`; null when it cannot be a phone number. */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[\s()\-.]/g, "");
  const m = digits.match(/^\+?(\d{7,15})$/);
  return m ? `+${m[1]}` : null;
}

/**
 * The login code as typed. Admins are asked to type it spaced (`1 2 3 4 5`): Telegram invalidates a
 * code that appears verbatim in a message sent through Telegram.
 */
export function normalizeLoginCode(input: string): string | null {
  const digits = input.replace(/[\s\-.]/g, "");
  return /^\d{5,6}$/.test(digits) ? digits : null;
}

/** `@name`, `name`, `t.me/name`, `https://t.me/name` → `name`; null for anything else. */
export function parseTelegramUsername(input: string): string | null {
  const m = input.trim().match(/^(?:@|(?:https?:\/\/)?t\.me\/)?([A-Za-z][A-Za-z0-9_]{3,31})\/?$/);
  return m?.[1] ?? null;
}
