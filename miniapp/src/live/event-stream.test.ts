import { createServer, type ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { openEventStream, type StreamEvent, type StreamState } from "./event-stream.ts";

/**
 * The Mini App's event stream against a real HTTP server speaking SSE: it reads events with fetch,
 * sends the sign-in header, reconnects when the stream drops, and asks the screens to reload (a
 * resync) after the gap — events sent while it was away are not replayed.
 */
describe("the live event stream", () => {
  it("reads events, reconnects after the stream drops, and resyncs after the gap", async () => {
    const connections: ServerResponse[] = [];
    const headers: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      headers.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("event: ready\ndata: {}\n\n");
      connections.push(res);
    }).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/events`;

    const events: StreamEvent[] = [];
    const states: StreamState[] = [];
    let resyncs = 0;
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(check()).toBe(true);
    };
    const stop = openEventStream({
      initData: "signed",
      url,
      retryMs: () => 50,
      onEvent: (e) => events.push(e),
      onResync: () => {
        resyncs += 1;
      },
      onState: (s) => states.push(s),
    });
    try {
      await until(() => connections.length === 1 && states.at(-1) === "live");
      connections[0]?.write(': ping\n\nevent: task.updated\ndata: {"taskId":7,"status":"paused"}\n\n');
      await until(() => events.length === 1);
      expect(events[0]).toEqual({ type: "task.updated", data: { taskId: 7, status: "paused" } });
      expect(resyncs).toBe(0);

      // The stream drops: it says so, comes back, and asks for a resync once it is live again.
      connections[0]?.end();
      await until(() => connections.length === 2 && states.at(-1) === "live");
      expect(states).toContain("offline");
      await until(() => resyncs === 1);
      // The server itself may also ask for one (it dropped events for a slow reader).
      connections[1]?.write("event: resync\ndata: {}\n\n");
      await until(() => resyncs === 2);
      expect(headers).toEqual(["tma signed", "tma signed"]);
    } finally {
      stop();
      for (const c of connections) c.end();
      server.close();
    }
  });
});
