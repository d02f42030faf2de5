/** One Server-Sent Event as `/api/events` sends it. */
export interface StreamEvent {
  type: string;
  data: unknown;
}

export type StreamState = "connecting" | "live" | "offline";

/**
 * `/api/events` read with fetch (EventSource cannot send the Authorization header). Reconnects
 * with a growing wait (1 s → 30 s) whenever the stream ends or fails; each time it is live again —
 * and whenever the server says events were dropped (`resync`) — `onResync` runs so the screens
 * reload what they show: events that came while the stream was down are not replayed.
 */
export function openEventStream(options: {
  initData: string;
  /** Where the stream is; default the app's own `/api/events`. */
  url?: string;
  /** Wait before the n-th reconnection (1-based); default 1 s doubling to 30 s. */
  retryMs?: (failures: number) => number;
  onEvent: (event: StreamEvent) => void;
  onResync: () => void;
  onState: (state: StreamState) => void;
}): () => void {
  const stop = new AbortController();
  let failures = 0;
  let connectedBefore = false;

  const run = async () => {
    while (!stop.signal.aborted) {
      options.onState(failures === 0 ? "connecting" : "offline");
      try {
        const response = await fetch(options.url ?? "/api/events", {
          headers: { authorization: `tma ${options.initData}`, accept: "text/event-stream" },
          signal: stop.signal,
        });
        if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parseBlock(block);
            if (event?.type === "ready") {
              failures = 0;
              options.onState("live");
              // After a gap, what happened meanwhile is read afresh.
              if (connectedBefore) options.onResync();
              connectedBefore = true;
            } else if (event?.type === "resync") options.onResync();
            else if (event) options.onEvent(event);
            end = buffer.indexOf("\n\n");
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      failures += 1;
      options.onState("offline");
      await wait(options.retryMs?.(failures) ?? Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5)), stop.signal);
    }
  };
  void run();
  return () => stop.abort();
}

function parseBlock(block: string): StreamEvent | undefined {
  let type = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    if (line.startsWith("event:")) type = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return undefined;
  try {
    return { type, data: JSON.parse(data.join("\n")) };
  } catch {
    return undefined;
  }
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
