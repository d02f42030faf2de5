import type { ProcessUpdate } from "@slotpilot/bot";
import type { Update } from "grammy/types";

/** What a failed delivery says, without the error's context (it holds the bot, and its token). */
function reasonOf(error: unknown): string {
  const inner = error instanceof Error && "error" in error ? (error as { error: unknown }).error : error;
  return inner instanceof Error ? inner.message : String(inner);
}

/**
 * Hands a typed line's update to the bot as Telegram would: an update the bot could not handle for
 * a reason that may pass (a 5xx, the database away) is delivered again, a little later, until the
 * bot settles it — after its last attempt the bot answers the user itself. Should every delivery
 * still fail (the database gone for longer), the chat says so in one line and goes on; it never
 * ends on a thrown error, as Telegram does not.
 */
export async function deliverLikeTelegram(
  processUpdate: ProcessUpdate,
  update: Update,
  options: { attempts: number; waitMs: number; say: (line: string) => void },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await processUpdate(update);
      return;
    } catch (error) {
      if (attempt >= options.attempts) {
        options.say(`⚠️ The bot could not handle that message (${reasonOf(error)}). Send it again in a moment.`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, options.waitMs * attempt));
    }
  }
}
