/**
 * Control characters in text people type or Telegram sends: C0 (NUL among them, which PostgreSQL
 * `text` cannot store) and DEL. Written as code-point checks: a regex of control characters is
 * easy to misread.
 */
function isControl(code: number, keepBreaks: boolean): boolean {
  if (keepBreaks && (code === 0x09 || code === 0x0a || code === 0x0d)) return false;
  return code < 0x20 || code === 0x7f;
}

/** True when `text` holds a control character (tab and line breaks allowed with `keepBreaks`). */
export function hasControlChars(text: string, options: { keepBreaks?: boolean } = {}): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i), options.keepBreaks ?? false)) return true;
  return false;
}

/** `text` without its control characters. */
export function withoutControlChars(text: string): string {
  let out = "";
  for (const ch of text) if (!isControl(ch.charCodeAt(0), false)) out += ch;
  return out;
}

/**
 * The start of a long id (a draft's UUID), enough to tell two apart on a screen: "319557b0…"; a
 * short one whole. The bot and the Mini App name a draft with it.
 */
export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}
