import { createContext, type ReactNode, use, useEffect, useRef, useState } from "react";
import { openEventStream, type StreamEvent, type StreamState } from "./event-stream.ts";

type Listener = (event: StreamEvent | { type: "resync"; data: null }) => void;

interface Live {
  state: StreamState;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<Live | null>(null);

/** One event stream for the whole app; screens subscribe to what they show. */
export function LiveProvider({ initData, children }: { initData: string; children: ReactNode }) {
  const [state, setState] = useState<StreamState>("connecting");
  const listeners = useRef(new Set<Listener>());
  const [live] = useState<Live>(() => ({
    state: "connecting",
    subscribe: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  }));
  useEffect(
    () =>
      openEventStream({
        initData,
        onEvent: (event) => {
          for (const l of listeners.current) l(event);
        },
        onResync: () => {
          for (const l of listeners.current) l({ type: "resync", data: null });
        },
        onState: setState,
      }),
    [initData],
  );
  return <LiveContext value={{ ...live, state }}>{children}</LiveContext>;
}

/** Calls `onEvent` for every live event (and `resync`); the latest callback is used. */
export function useLiveEvents(onEvent: Listener) {
  const live = use(LiveContext);
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => live?.subscribe((event) => latest.current(event)), [live]);
}

export function useLiveState(): StreamState {
  return use(LiveContext)?.state ?? "offline";
}
