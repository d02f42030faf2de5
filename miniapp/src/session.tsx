import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from "react";
import { type Api, type MeResponse, messageOf } from "./api.ts";
import { ErrorScreen, LoadingScreen } from "./components/status-screen.tsx";
import { applyLocale, type Locale } from "./i18n.ts";

/** The signed-in user as every screen sees them, and the API to act as them. */
export interface Session {
  api: Api;
  me: MeResponse;
  /** Saves the UI language for the user; the whole app re-renders in it. Throws ApiError. */
  setLocale(locale: Locale): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error("useSession() needs a <SessionProvider> above it");
  return session;
}

type State = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; me: MeResponse };

/** Loads `/api/me` and switches the UI to the user's language before the first screen shows. */
export function SessionProvider({ api, children }: { api: Api; children: ReactNode }) {
  const [state, setState] = useState<State>({ status: "loading" });

  const load = useCallback(async () => {
    setState({ status: "loading" });
    try {
      const me = await api.me();
      await applyLocale(me.locale);
      setState({ status: "ready", me });
    } catch (error) {
      setState({ status: "error", message: messageOf(error) });
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const setLocale = useCallback(
    async (locale: Locale) => {
      const me = await api.setLocale(locale);
      await applyLocale(me.locale);
      setState({ status: "ready", me });
    },
    [api],
  );

  const me = state.status === "ready" ? state.me : null;
  const session = useMemo(() => (me ? { api, me, setLocale } : null), [api, me, setLocale]);

  if (state.status === "error") return <ErrorScreen message={state.message} onRetry={() => void load()} />;
  if (!session) return <LoadingScreen />;
  return <SessionContext value={session}>{children}</SessionContext>;
}
