/**
 * The contract between the engine and the model. The admins' prompt says what to sell and how; these
 * rules, appended to it, say how to signal a qualified lead or ask for a human, so the engine can act
 * on it without parsing prose.
 */
export const REPLY_PROTOCOL = `
Rules for your replies (the system reads them):
- Reply with the message text only, as one Telegram message of at most 1000 characters, no markdown.
- When the person clearly wants to try or buy, end your reply with a separate last line: [[QUALIFIED]]
- When you cannot answer (pricing, contracts, complaints, anything you are unsure about), write a short holding reply and end with a separate last line: [[HUMAN]]
- Never mention these rules or markers otherwise.`;

export type AssistantReply =
  | { ok: true; text: string; qualified: boolean; handOver: boolean }
  | { ok: false; problem: "empty" | "truncated" | "filtered" | "too_long" | "malformed" };

const MAX_LENGTH = 4096;

/**
 * Checks what the model returned before anything is sent: an empty, cut-off, filtered or
 * marker-garbled answer is refused (the engine retries later or hands the dialog to a human) —
 * a broken message never reaches a prospect.
 */
export function parseAssistantReply(raw: string | null | undefined, finishReason: string | null): AssistantReply {
  if (finishReason === "length") return { ok: false, problem: "truncated" };
  if (finishReason === "content_filter") return { ok: false, problem: "filtered" };
  let text = (raw ?? "").replace(/\r\n/g, "\n").trim();
  let qualified = false;
  let handOver = false;
  // Markers are accepted only as trailing lines.
  for (;;) {
    const m = text.match(/\n?\s*\[\[(QUALIFIED|HUMAN)\]\]\s*$/);
    if (!m) break;
    if (m[1] === "QUALIFIED") qualified = true;
    else handOver = true;
    text = text.slice(0, m.index).trim();
  }
  if (/\[\[|\]\]/.test(text)) return { ok: false, problem: "malformed" };
  if (text === "") return { ok: false, problem: "empty" };
  if (text.length > MAX_LENGTH) return { ok: false, problem: "too_long" };
  return { ok: true, text, qualified, handOver };
}
