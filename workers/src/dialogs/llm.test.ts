import { type OpenAiStub, startOpenAiStub } from "@slotpilot/openai-stub";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LlmUnavailableError, openAiLlm } from "./llm.ts";

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ responder: () => ({ content: "Добрый день!" }) });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
  stub.failModel("primary", undefined);
});

const llm = (overrides: Partial<Parameters<typeof openAiLlm>[0]> = {}) =>
  openAiLlm({
    baseUrl: stub.url,
    apiKey: "sk-test",
    model: "primary",
    fallbackModel: undefined,
    timeoutMs: 2000,
    maxRetries: 0,
    ...overrides,
  });
const ask = [{ role: "user" as const, content: "Привет" }];

describe("openAiLlm (the real openai SDK against the local OpenAI-compatible stub)", () => {
  it("returns the text, the model and the tokens used", async () => {
    const reply = await llm().complete(ask);
    expect(reply).toMatchObject({ text: "Добрый день!", finishReason: "stop", model: "primary" });
    expect(reply.promptTokens).toBeGreaterThan(0);
    expect(reply.completionTokens).toBeGreaterThan(0);
    expect(stub.requests[0]).toMatchObject({ model: "primary", messages: ask });
  });

  it("retries a 5xx a bounded number of times, then gives up with LlmUnavailableError", async () => {
    stub.failModel("primary", { status: 503, message: "overloaded" });
    await expect(llm({ maxRetries: 2 }).complete(ask)).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(stub.requests).toHaveLength(3);
  });

  it("falls back to the second model when the first fails", async () => {
    stub.failModel("primary", { status: 500, message: "boom" });
    const reply = await llm({ fallbackModel: "backup" }).complete(ask);
    expect(reply).toMatchObject({ text: "Добрый день!", model: "backup" });
    expect(stub.requests.map((r) => r.model)).toEqual(["primary", "backup"]);
  });

  it("times out a model that never answers", async () => {
    stub.enqueue({ hang: true });
    const failure = await llm({ timeoutMs: 300 })
      .complete(ask)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LlmUnavailableError);
    expect(String((failure as Error).message)).toMatch(/timed out|timeout/i);
  });

  it("hands a cut-off answer back as it is, for the engine to refuse", async () => {
    stub.enqueue({ content: "Slotpilot бронирует сло", finishReason: "length" });
    expect(await llm().complete(ask)).toMatchObject({ text: "Slotpilot бронирует сло", finishReason: "length" });
  });
});
