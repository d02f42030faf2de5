import { useSyncExternalStore } from "react";

/**
 * A deliberately small router over the History API: a handful of screens, each with a path (so a
 * reload or a deep link lands on the same screen) and a parent (where Back goes when there is no
 * in-app history, e.g. right after a reload).
 */
const ROUTES = {
  home: { path: "/", parent: null },
  settings: { path: "/settings", parent: "home" },
} as const satisfies Record<string, { path: string; parent: string | null }>;

export type Route = keyof typeof ROUTES;

interface HistoryState {
  /** How many in-app screens lie behind this one; 0 for the screen the app was opened on. */
  depth: number;
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  const found = (Object.keys(ROUTES) as Route[]).find((route) => ROUTES[route].path === path);
  return found ?? "home";
}

function depth(): number {
  const state: unknown = window.history.state;
  return typeof state === "object" && state !== null && "depth" in state && typeof state.depth === "number"
    ? state.depth
    : 0;
}

export function navigate(route: Route) {
  const state: HistoryState = { depth: depth() + 1 };
  window.history.pushState(state, "", ROUTES[route].path);
  notify();
}

/** Back within the app: through history when we came from an app screen, else to the parent. */
export function goBack() {
  if (depth() > 0) {
    window.history.back();
    return;
  }
  const parent = ROUTES[routeOf(window.location.pathname)].parent;
  if (parent) {
    const state: HistoryState = { depth: 0 };
    window.history.replaceState(state, "", ROUTES[parent].path);
    notify();
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeOf(window.location.pathname));
}

export function isRoot(route: Route): boolean {
  return ROUTES[route].parent === null;
}
