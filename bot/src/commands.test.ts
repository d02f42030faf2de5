import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { registerCommands } from "./commands.ts";
import { localBotApi } from "./transport/local-bot-api.ts";

describe("registerCommands", () => {
  it("registers the command list in Russian and in English (also the default for other languages)", async () => {
    const local = localBotApi();
    const api = new Api("1:local");
    api.config.use(local.transformer);
    await registerCommands(api);
    const lists = local.calls
      .filter((c) => c.method === "setMyCommands")
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
});
