import OpenAI from "openai";

export interface LlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface LlmReply {
  text: string | null;
  finishReason: string | null;
  /** The model that answered (the fallback when the primary failed). */
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/** The model could not be reached or refused (after the SDK's own bounded retries, and the fallback's). */
export class LlmUnavailableError extends Error {
  override name = "LlmUnavailableError";
}

export interface SalesLlm {
  complete(messages: LlmMessage[]): Promise<LlmReply>;
}

export interface OpenAiLlmOptions {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  fallbackModel: string | undefined;
  timeoutMs: number;
  /** Retries the SDK makes per model (network errors, 408/409/429/5xx), with its own backoff. */
  maxRetries: number;
}

/**
 * The sales model through the official `openai` SDK, against any OpenAI-compatible server
 * (OpenAI, OpenRouter, a local one). Each call is bounded: `timeoutMs` per attempt, `maxRetries`
 * attempts, then the fallback model with the same bounds, then `LlmUnavailableError` — the engine
 * retries later or hands the dialog to a human; nothing half-made is ever sent.
 */
export function openAiLlm(options: OpenAiLlmOptions): SalesLlm {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Some OpenAI-compatible servers need no key; the SDK insists on one.
    apiKey: options.apiKey ?? "not-needed",
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  const ask = async (model: string, messages: LlmMessage[]): Promise<LlmReply> => {
    const completion = await client.chat.completions.create({ model, messages, temperature: 0.7, max_tokens: 600 });
    const choice = completion.choices[0];
    return {
      text: choice?.message.content ?? null,
      finishReason: choice?.finish_reason ?? null,
      model: completion.model || model,
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
    };
  };
  return {
    async complete(messages) {
      try {
        return await ask(options.model, messages);
      } catch (primary) {
        if (!options.fallbackModel) throw new LlmUnavailableError(describe(options.model, primary), { cause: primary });
        try {
          return await ask(options.fallbackModel, messages);
        } catch (fallback) {
          throw new LlmUnavailableError(
            `${describe(options.model, primary)}; fallback ${describe(options.fallbackModel, fallback)}`,
            { cause: fallback },
          );
        }
      }
    },
  };
}

function describe(model: string, err: unknown): string {
  if (err instanceof OpenAI.APIError) return `${model}: ${err.status ?? "no status"} ${err.name}: ${err.message}`;
  return `${model}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
}
