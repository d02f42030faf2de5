import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import type { ApiDeps } from "./context.ts";

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
