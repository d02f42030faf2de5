import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { registerCommands } from "./commands.ts";
import { localBotApi } from "./transport/local-bot-api.ts";

describe("registerCommands", () => {
  it("registers the command list in Russian and in English (also the default for other languages)", async () => {
    const local = localBotApi();
    const api = new Api("1:local");
    api.config.use(local.transformer);
    await registerCommands(api, [42]);
    const lists = local.calls
      .filter((c) => c.method === "setMyCommands" && !c.payload.scope)
      .map((c) => ({ lang: c.payload.language_code ?? "default", commands: c.payload.commands }));
    expect(lists).toEqual([
      {
        lang: "ru",
        commands: [
          { command: "start", description: "Главное меню" },
          { command: "language", description: "Сменить язык" },
          { command: "help", description: "Как работает Slotpilot" },
        ],
      },
      expect.objectContaining({ lang: "en" }),
      expect.objectContaining({ lang: "default" }),
    ]);
  });

  it("adds /status for admins, in their own chats only", async () => {
    const local = localBotApi();
    const api = new Api("1:local");
    api.config.use(local.transformer);
    await registerCommands(api, [42]);
    const scoped = local.calls.filter((c) => c.payload.scope);
    expect(scoped.map((c) => c.payload.scope)).toEqual([{ type: "chat", chat_id: 42 }]);
    expect(((scoped[0]?.payload.commands ?? []) as { command: string }[]).map((c) => c.command)).toEqual([
      "start",
      "language",
      "help",
      "status",
    ]);
  });
});
