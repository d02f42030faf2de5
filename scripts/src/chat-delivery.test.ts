import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { deliverLikeTelegram } from "./chat-delivery.ts";

const update = { update_id: 1 } as Update;

describe("a typed line delivered as Telegram would", () => {
  it("is delivered again after a failure that may pass, until the bot settles it", async () => {
    let calls = 0;
    const said: string[] = [];
    await deliverLikeTelegram(
      async () => {
        calls++;
        if (calls < 3) throw new Error("Connection terminated due to connection timeout");
        return "failed";
      },
      update,
      { attempts: 4, waitMs: 1, say: (line) => said.push(line) },
    );
    expect(calls).toBe(3);
    expect(said).toEqual([]);
  });

  it("never ends the chat: when every delivery fails it says why in one line, without the error's context", async () => {
    const said: string[] = [];
    const failure = Object.assign(new Error("Error in middleware"), {
      error: new Error("Telegram Stars payments need the Telegram bot"),
      ctx: { api: { token: "1000000001:secret" } },
    });
    await deliverLikeTelegram(
      async () => {
        throw failure;
      },
      update,
      { attempts: 2, waitMs: 1, say: (line) => said.push(line) },
    );
    expect(said).toEqual([
      "⚠️ The bot could not handle that message (Telegram Stars payments need the Telegram bot). Send it again in a moment.",
    ]);
    expect(said.join()).not.toContain("secret");
  });
});
