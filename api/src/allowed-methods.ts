/**
 * The methods an app's routes take at a path, from Hono's own list of routes (`app.routes`): what
 * a 405's `Allow` says when a known address is called with a method it does not take. Middleware
 * (registered for every method) does not count.
 */
export function allowedMethods(routes: readonly { method: string; path: string }[]) {
  const patterns = routes
    .filter((r) => r.method !== "ALL" && !r.path.includes("*"))
    .map((r) => ({ method: r.method, pattern: new RegExp(`^${toPattern(r.path)}/?$`) }));
  return (path: string): string[] => [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))];
}

/** `/api/tasks/:id{[0-9]+}` → a regex source: parameters as their own pattern or one segment. */
function toPattern(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      const param = /^:\w+(?:\{(.+)\})?\??$/.exec(segment);
      if (param) return param[1] ?? "[^/]+";
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
}
