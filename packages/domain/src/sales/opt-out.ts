/**
 * Phrases with which a person asks not to be written to again. A one-word answer ("stop", "спам")
 * counts on its own; otherwise only an explicit request does, so "nonstop" or a question about spam
 * filters does not close a dialog. (JavaScript's \b knows no Cyrillic, hence the explicit patterns.)
 */
const EXPLICIT = [
  // Russian
  /не\s+пиш(ите|и)/,
  /больше\s+не\s+(пиш|беспоко)[а-я]*/,
  /не\s+беспоко(йте|й)/,
  /отстан(ьте|ь)/,
  /отпиш(ите|и)/,
  /удали(те)?\s+(мой\s+)?(номер|контакт)/,
  /(^|\s)это\s+спам/,
  /не\s+интересует\s*(,|\.|!)?\s*(не\s+пишите|спасибо)?\s*$/,
  // English
  /\bstop\s+(messaging|writing|texting|contacting)\b/,
  /\bdo\s*n[o']?t\s+(message|write|text|contact)\b/,
  /\bunsubscribe\b/,
  /\bleave\s+me\s+alone\b/,
  /\bremove\s+me\b/,
  /\bnot\s+interested\b/,
];
/** One-word answers that are an opt-out on their own. */
const ALONE = new Set(["stop", "стоп", "спам", "spam", "отстань", "отстаньте", "unsubscribe", "отписаться"]);

/** The phrase that makes `text` an opt-out, or null. */
export function detectOptOut(text: string): string | null {
  const normalized = text.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  const bare = normalized.replace(/[.!?,;:()"'«»…-]+/g, " ").trim();
  if (ALONE.has(bare)) return bare;
  for (const pattern of EXPLICIT) {
    const match = normalized.match(pattern);
    if (match) return match[0].trim();
  }
  return null;
}
