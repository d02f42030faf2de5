import { useCallback, useEffect, useState } from "react";
import { ApiError, messageOf } from "./api.ts";

export type Load<T> =
  | { status: "loading" }
  | { status: "failed"; code: string; message: string }
  | { status: "ready"; data: T };

/**
 * Runs `load` on mount and whenever it changes (so wrap it in useCallback), and again on `retry`.
 * A result that arrives after the screen moved on to another load is dropped, never shown. A
 * reload keeps showing the data it has until the new data arrives (no flash of a skeleton).
 */
export function useLoad<T>(load: () => Promise<T>): { state: Load<T>; retry: () => void } {
  const [state, setState] = useState<Load<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  // `attempt` is a dependency only so that `retry` runs the load again.
  useEffect(() => {
    let current = true;
    setState((previous) => (previous.status === "ready" ? previous : { status: "loading" }));
    load().then(
      (data) => {
        if (current) setState({ status: "ready", data });
      },
      (error: unknown) => {
        const code = error instanceof ApiError ? error.code : "internal";
        if (current) setState({ status: "failed", code, message: messageOf(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [load, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
