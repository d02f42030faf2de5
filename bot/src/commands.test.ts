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

  it("adds /status and the sales commands for admins, in their own chats only, in each language", async () => {
    const local = localBotApi();
    const api = new Api("1:local");
    api.config.use(local.transformer);
    await registerCommands(api, [42]);
    const scoped = local.calls.filter((c) => c.payload.scope);
    expect(scoped.map((c) => [c.payload.scope, c.payload.language_code ?? "default"])).toEqual([
      [{ type: "chat", chat_id: 42 }, "ru"],
      [{ type: "chat", chat_id: 42 }, "en"],
      [{ type: "chat", chat_id: 42 }, "default"],
    ]);
    const commands = (call: (typeof scoped)[number] | undefined) =>
      (call?.payload.commands ?? []) as { command: string; description: string }[];
    expect(commands(scoped[0]).map((c) => c.command)).toEqual([
      "start",
      "language",
      "help",
      "status",
      "add_account",
      "list_accounts",
      "disable_account",
      "enable_account",
      "list",
      "view",
      "stop",
      "export",
      "export_all",
      "takeover",
      "handback",
      "prompt",
      "set_prompt",
    ]);
    expect(commands(scoped[0]).find((c) => c.command === "takeover")?.description).toBe("Вести диалог самому");
    expect(commands(scoped[2]).find((c) => c.command === "takeover")?.description).toBe("Answer a dialog yourself");
    // Sellers' lists carry none of them.
    const unscoped = local.calls.filter((c) => c.method === "setMyCommands" && !c.payload.scope);
    for (const call of unscoped) expect(commands(call).map((c) => c.command)).toEqual(["start", "language", "help"]);
  });
});
