import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { demoResponder } from "./demo-responder.ts";

/**
 * A local OpenAI-compatible server: `POST /v1/chat/completions` and `GET /v1/models`, answered at
 * the wire format the `openai` SDK expects. Tests script what it says, including failures
 * (HTTP errors, a hang that the client must time out, a cut-off or empty answer); demo mode runs
 * it with a responder that plays a plausible sales assistant, so the feature works without keys.
 * Never a stand-in for a real model in production: the configuration refuses that.
 */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "developer" | "tool";
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  [key: string]: unknown;
}

export type StubResponse =
  | { content: string | null; finishReason?: "stop" | "length" | "content_filter"; delayMs?: number }
  | { status: number; message: string; delayMs?: number }
  /** Accept the request and never answer (until the client gives up or the stub closes). */
  | { hang: true };

export type Responder = (request: ChatRequest) => StubResponse;

export interface OpenAiStub {
  /** Base URL for the SDK's `baseURL` (ends in `/v1`). */
  url: string;
  /** Every chat request received, in order. */
  requests: ChatRequest[];
  /** Answers the next requests with these, in order, before falling back to the responder. */
  enqueue(...responses: StubResponse[]): void;
  /** Every request for `model` gets `response` (e.g. a broken primary model, to exercise the fallback). */
  failModel(model: string, response: StubResponse | undefined): void;
  close(): Promise<void>;
}

export async function startOpenAiStub(
  options: { port?: number; host?: string; responder?: Responder } = {},
): Promise<OpenAiStub> {
  const queue: StubResponse[] = [];
  const byModel = new Map<string, StubResponse>();
  const requests: ChatRequest[] = [];
  const responder = options.responder ?? demoResponder;
  const hanging = new Set<ServerResponse>();
  let completions = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: { message: "stub failure", type: "server_error" } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (req.method === "GET" && /\/models$/.test(path)) {
      return send(res, 200, {
        object: "list",
        data: [{ id: "stub-model", object: "model", created: 0, owned_by: "slotpilot" }],
      });
    }
    if (req.method === "POST" && path === "/__stub/next") {
      queue.push(JSON.parse(await body(req)) as StubResponse);
      return send(res, 204, undefined);
    }
    if (req.method !== "POST" || !/\/chat\/completions$/.test(path)) {
      return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
    }
    let request: ChatRequest;
    try {
      request = JSON.parse(await body(req)) as ChatRequest;
      if (typeof request.model !== "string" || !Array.isArray(request.messages)) throw new Error("shape");
    } catch {
      return send(res, 400, { error: { message: "expected {model, messages}", type: "invalid_request_error" } });
    }
    requests.push(request);
    const response = byModel.get(request.model) ?? queue.shift() ?? responder(request);
    if ("hang" in response) {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (response.delayMs) await new Promise((r) => setTimeout(r, response.delayMs));
    if ("status" in response) {
      const type =
        response.status === 429
          ? "rate_limit_exceeded"
          : response.status >= 500
            ? "server_error"
            : "invalid_request_error";
      return send(res, response.status, { error: { message: response.message, type, code: type } });
    }
    const promptTokens = Math.ceil(request.messages.reduce((n, m) => n + String(m.content ?? "").length, 0) / 4);
    const completionTokens = Math.ceil((response.content ?? "").length / 4);
    send(res, 200, {
      id: `chatcmpl-stub-${++completions}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: response.content, refusal: null },
          finish_reason: response.finishReason ?? "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}/v1`,
    requests,
    enqueue: (...responses) => {
      queue.push(...responses);
    },
    failModel: (model, response) => {
      if (response) byModel.set(model, response);
      else byModel.delete(model);
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown) {
  if (payload === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}
