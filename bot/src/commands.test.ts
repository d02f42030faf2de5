import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { registerCommands } from "./commands.ts";
import { SALES_ADMIN_COMMANDS } from "./handlers/sales/command-list.ts";
import { localBotApi } from "./transport/local-bot-api.ts";

async function registered(adminIds: number[] = [42]) {
  const local = localBotApi();
  const api = new Api("1:local");
  api.config.use(local.transformer);
  await registerCommands(api, adminIds);
  return local.calls.filter((c) => c.method === "setMyCommands");
}
const names = (commands: unknown) => (commands as { command: string }[]).map((c) => c.command);

describe("registerCommands", () => {
  it("registers the seller's commands in Russian and in English (also the default for other languages)", async () => {
    const lists = (await registered())
      .filter((c) => !c.payload.scope)
      .map((c) => ({ lang: c.payload.language_code ?? "default", commands: c.payload.commands }));
    expect(lists.map((l) => l.lang)).toEqual(["ru", "en", "default"]);
    expect(names(lists[0]?.commands)).toEqual([
      "start",
      "new",
      "tasks",
      "slots",
      "cabinets",
      "plan",
      "settings",
      "support",
      "language",
      "help",
    ]);
    const descriptions = (i: number) =>
      ((lists[i]?.commands ?? []) as { description: string }[]).map((c) => c.description);
    expect(descriptions(0)[1]).toBe("Создать задачу на бронирование");
    expect(descriptions(1)[1]).toBe("Create a booking task");
  });

  it("adds /status and the sales commands for admins, in their own chats only, in each language", async () => {
    const scoped = (await registered()).filter((c) => c.payload.scope);
    expect(scoped.map((c) => [c.payload.scope, c.payload.language_code ?? "default"])).toEqual([
      [{ type: "chat", chat_id: 42 }, "ru"],
      [{ type: "chat", chat_id: 42 }, "en"],
      [{ type: "chat", chat_id: 42 }, "default"],
    ]);
    const adminOnly = names(scoped[0]?.payload.commands).slice(10);
    expect(adminOnly).toEqual(["status", "grant", "refund", ...SALES_ADMIN_COMMANDS]);
    const described = (scoped[0]?.payload.commands ?? []) as { command: string; description: string }[];
    expect(described.find((c) => c.command === "takeover")?.description).toBe("Вести диалог самому");
    expect(described.find((c) => c.command === "status")?.description).toBe("Состояние сервиса (админы)");
  });
});
