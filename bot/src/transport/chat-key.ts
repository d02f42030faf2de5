import type { Update } from "grammy/types";

/**
 * The chat an update belongs to, for ordering: updates of one chat are handled one after another,
 * updates of different chats side by side. An update without a chat (an inline query, a poll
 * answer) is ordered with its user's; one with neither shares a single lane.
 */
export function chatKey(update: Update): string {
  const u = update as unknown as Record<string, unknown>;
  for (const value of Object.values(u)) {
    if (typeof value !== "object" || value === null) continue;
    const v = value as {
      chat?: { id?: unknown };
      message?: { chat?: { id?: unknown } };
      from?: { id?: unknown };
      user?: { id?: unknown };
    };
    const chat = v.chat?.id ?? v.message?.chat?.id;
    if (typeof chat === "number") return `chat:${chat}`;
    const user = v.from?.id ?? v.user?.id;
    if (typeof user === "number") return `user:${user}`;
  }
  return "none";
}

/**
 * Runs the work of one key strictly in order and different keys concurrently. `run` resolves
 * with the work's own result; a failure does not stop the lane for later work.
 */
export class KeyedLanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Lanes with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}

/**
 * Webhook mode: Telegram may post several updates at once. Those of one chat are handled in the
 * order they arrived, one at a time; other chats are not held up.
 */
export function sequentialByChat<R>(process: (update: Update) => Promise<R>): (update: Update) => Promise<R> {
  const lanes = new KeyedLanes();
  return (update) => lanes.run(chatKey(update), () => process(update));
}
