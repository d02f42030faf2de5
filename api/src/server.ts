import type { AddressInfo, Socket } from "node:net";
import { serve } from "@hono/node-server";
import { AppError } from "@slotpilot/domain";
import { createApp } from "./app.ts";
import type { ApiDeps } from "./context.ts";
import { errorResponse } from "./errors.ts";
import { requestLocale } from "./request-locale.ts";

export interface RunningApi {
  url: string;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** Serves the API and the Mini App over HTTP. */
export async function startApi(deps: ApiDeps, listen: { port: number; host: string }): Promise<RunningApi> {
  const app = createApp(deps);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: listen.port, hostname: listen.host }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
    server.once("error", reject);
  });
  server.on("clientError", answerClientError);
  const host = listen.host === "0.0.0.0" || listen.host === "::" ? "localhost" : listen.host;
  return {
    url: `http://${host}:${port}`,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and SSE connections would hold close() open forever.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** A header's value in the raw bytes Node read before giving up on a request, if it got that far. */
function rawHeader(raw: Buffer | undefined, name: string): string | undefined {
  const line = raw
    ?.toString("latin1")
    .split("\r\n")
    .find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}

/**
 * Node's HTTP parser refuses some requests before the app sees them. Headers too large (431) get
 * the API's usual `{error:{code,message}}`, in the language the request's own headers ask for when
 * Node read that far; anything else the parser refuses gets the bare 400 (408 for a timeout) Node answers by default.
 */
function answerClientError(err: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code !== "HPE_HEADER_OVERFLOW") {
    const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    return;
  }
  const locale = requestLocale({
    authorization: rawHeader(err.rawPacket, "authorization"),
    acceptLanguage: rawHeader(err.rawPacket, "accept-language"),
  });
  const { body } = errorResponse(new AppError("request.headers_too_large"), locale);
  const json = Buffer.from(JSON.stringify(body));
  socket.end(
    `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n${json.toString()}`,
  );
}
