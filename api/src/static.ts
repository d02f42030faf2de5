import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { AppEnv } from "./context.ts";

/**
 * The built Mini App at `/`. Unknown non-API paths outside `/assets` get `index.html`, so the app's
 * own routes (`/settings`) survive a reload. Without a build, a page that says how to make one.
 */
export function miniappRoutes(dir: string) {
  const index = join(dir, "index.html");
  const app = new Hono<AppEnv>();
  if (!existsSync(index)) {
    return app.get("/", (c) =>
      c.html("<h1>Slotpilot</h1><p>The Mini App is not built yet: run <code>pnpm build</code>.</p>", 503),
    );
  }
  const html = readFileSync(index, "utf8");
  return (
    app
      .use(
        "/assets/*",
        serveStatic({
          root: dir,
          onFound: (_p, c) => c.header("cache-control", "public, max-age=31536000, immutable"),
        }),
      )
      // A build's file that is not here (a page from an older build asking for its script) is a 404:
      // index.html in its place would reach the browser as a script it cannot run, and a blank page.
      .get("/assets/*", (c) => c.text("Not found", 404))
      .use("*", serveStatic({ root: dir }))
      .get("*", (c) => c.html(html, 200, { "cache-control": "no-cache" }))
  );
}
