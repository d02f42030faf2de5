import { useMemo, useSyncExternalStore } from "react";

/** What a new task starts from when it comes from a calendar cell. */
export interface TaskPrefill {
  warehouseId?: number;
  date?: string;
  boxTypeId?: number;
}

/**
 * A deliberately small router over the History API: a handful of screens, each with a path (so a
 * reload or a deep link lands on the same screen) and a parent (where Back goes when there is no
 * in-app history, e.g. right after a reload or when a bot's button opened the app on a task).
 */
export type Route =
  | { name: "home" }
  | { name: "settings" }
  | { name: "calendar" }
  /** `login`: open the portal login of this cabinet at once (a "log in again" button leads here). */
  | { name: "cabinets"; login?: number }
  | { name: "plan" }
  | { name: "newTask"; prefill: TaskPrefill }
  | { name: "task"; id: number }
  | { name: "editTask"; id: number }
  | { name: "notFound"; path: string };

/** Where Back goes from a screen without in-app history; null for Home. */
function parentOf(route: Route): Route | null {
  if (route.name === "home") return null;
  // A task's editor goes back to that task.
  if (route.name === "editTask") return { name: "task", id: route.id };
  return { name: "home" };
}

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
    case "cabinets":
      return route.login ? `/cabinets?login=${route.login}` : "/cabinets";
    case "settings":
    case "calendar":
    case "plan":
      return `/${route.name}`;
    case "newTask": {
      const q = new URLSearchParams();
      if (route.prefill.warehouseId) q.set("warehouseId", String(route.prefill.warehouseId));
      if (route.prefill.date) q.set("date", route.prefill.date);
      if (route.prefill.boxTypeId !== undefined) q.set("boxTypeId", String(route.prefill.boxTypeId));
      const query = q.toString();
      return `/tasks/new${query ? `?${query}` : ""}`;
    }
    case "task":
      return `/tasks/${route.id}`;
    case "editTask":
      return `/tasks/${route.id}/edit`;
    case "notFound":
      return route.path;
  }
}

const SIMPLE = new Set(["settings", "calendar", "cabinets", "plan"]);

/** The screen for a path; an unknown path is the not-found screen (with a way home). */
export function routeOf(pathname: string, search = ""): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  const simple = path.slice(1);
  if (simple === "cabinets") {
    const login = new URLSearchParams(search).get("login");
    return login && /^[1-9]\d{0,14}$/.test(login) ? { name: "cabinets", login: Number(login) } : { name: "cabinets" };
  }
  if (SIMPLE.has(simple)) return { name: simple } as Route;
  if (path === "/tasks/new") {
    const q = new URLSearchParams(search);
    const number = (key: string) => {
      const v = q.get(key);
      return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
    };
    const date = q.get("date");
    const prefill: TaskPrefill = {};
    const warehouseId = number("warehouseId");
    const boxTypeId = number("boxTypeId");
    if (warehouseId !== undefined) prefill.warehouseId = warehouseId;
    if (boxTypeId !== undefined) prefill.boxTypeId = boxTypeId;
    if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) prefill.date = date;
    return { name: "newTask", prefill };
  }
  // Ids are positive bigints; 15 digits keeps them exact as JavaScript numbers.
  const task = /^\/tasks\/([1-9]\d{0,14})(\/edit)?$/.exec(path);
  if (task?.[1]) return { name: task[2] ? "editTask" : "task", id: Number(task[1]) };
  return { name: "notFound", path };
}

function depth(): number {
  const state: unknown = window.history.state;
  return typeof state === "object" && state !== null && "depth" in state && typeof state.depth === "number"
    ? state.depth
    : 0;
}

export function navigate(route: Route, options: { replace?: boolean } = {}) {
  const state: HistoryState = { depth: options.replace ? depth() : depth() + 1 };
  if (options.replace) window.history.replaceState(state, "", pathOf(route));
  else window.history.pushState(state, "", pathOf(route));
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
  const parent = parentOf(routeOf(window.location.pathname));
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
  // The snapshot is the path and query, a string: a fresh route object on every read would never settle.
  const location = useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
  return useMemo(() => {
    const [pathname = "/", search = ""] = location.split("?");
    return routeOf(pathname, search);
  }, [location]);
}

export function isRoot(route: Route): boolean {
  return parentOf(route) === null;
}
