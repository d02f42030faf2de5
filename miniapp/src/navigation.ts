import { useMemo, useSyncExternalStore } from "react";

/**
 * A deliberately small router over the History API: a handful of screens, each with a path (so a
 * reload or a deep link lands on the same screen) and a parent (where Back goes when there is no
 * in-app history, e.g. right after a reload or when a bot's button opened the app on a task).
 */
export type Route =
  | { name: "home" }
  | { name: "settings" }
  | { name: "task"; id: number }
  | { name: "cabinet"; id: number };

const PARENTS: Record<Route["name"], Route | null> = {
  home: null,
  settings: { name: "home" },
  task: { name: "home" },
  cabinet: { name: "home" },
};

interface HistoryState {
  /** How many in-app screens lie behind this one; 0 for the screen the app was opened on. */
  depth: number;
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

export function pathOf(route: Route): string {
  switch (route.name) {
    case "home":
      return "/";
    case "settings":
      return "/settings";
    case "task":
      return `/tasks/${route.id}`;
    case "cabinet":
      return `/cabinets/${route.id}`;
  }
}

/** Unknown paths show Home, as a link from an older bot message should still open the app. */
export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/settings") return { name: "settings" };
  // Ids are positive bigints; 15 digits keeps them exact as JavaScript numbers.
  const task = /^\/tasks\/([1-9]\d{0,14})$/.exec(path)?.[1];
  if (task) return { name: "task", id: Number(task) };
  // Where a "log in again" button in a lost-session message leads.
  const cabinet = /^\/cabinets\/([1-9]\d{0,14})$/.exec(path)?.[1];
  if (cabinet) return { name: "cabinet", id: Number(cabinet) };
  return { name: "home" };
}

function depth(): number {
  const state: unknown = window.history.state;
  return typeof state === "object" && state !== null && "depth" in state && typeof state.depth === "number"
    ? state.depth
    : 0;
}

export function navigate(route: Route) {
  const state: HistoryState = { depth: depth() + 1 };
  window.history.pushState(state, "", pathOf(route));
  // A new screen starts at its top, not wherever the list that led to it was scrolled.
  window.scrollTo(0, 0);
  notify();
}

/** Back within the app: through history when we came from an app screen, else to the parent. */
export function goBack() {
  if (depth() > 0) {
    window.history.back();
    return;
  }
  const parent = PARENTS[routeOf(window.location.pathname).name];
  if (parent) {
    const state: HistoryState = { depth: 0 };
    window.history.replaceState(state, "", pathOf(parent));
    window.scrollTo(0, 0);
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
  // The snapshot is the path, a string: a fresh route object on every read would never settle.
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return useMemo(() => routeOf(pathname), [pathname]);
}

export function isRoot(route: Route): boolean {
  return PARENTS[route.name] === null;
}
