import { Hono } from "hono";
import type { SandboxDriver } from "./driver.ts";
import { HOST_PREFIXES, hostsFor } from "./paths.ts";
import { authRoutes } from "./routes/auth.ts";
import { controlRoutes } from "./routes/control.ts";
import { jsonRpcRoutes } from "./routes/json-rpc.ts";
import { commonApiRoutes, suppliesApiRoutes } from "./routes/official.ts";
import { portalRoutes } from "./routes/portal.ts";
import { powRoutes } from "./routes/pow.ts";

/**
 * Every simulated WB host under its prefix on one Hono app. Usable in memory through
 * `app.request()`; `startSandbox` puts it on a port.
 */
export function createApp(
  driver: SandboxDriver,
  options: { control: boolean; origin?: () => string | undefined; afterRequest?: () => void },
): Hono {
  const state = driver.state;
  const origin = options.origin ?? (() => undefined);
  const app = new Hono();
  const afterRequest = options.afterRequest;
  if (afterRequest) {
    app.use(async (_c, next) => {
      await next();
      afterRequest();
    });
  }
  // One boundary: a bug in the simulator must answer like a server error, never hang or leak a stack.
  app.onError((error, c) => {
    console.error("sandbox: unhandled error", error);
    return c.json({ error: "internal error" }, 500);
  });
  app.route(HOST_PREFIXES["common-api"], commonApiRoutes(state));
  app.route(HOST_PREFIXES["supplies-api"], suppliesApiRoutes(state));
  app.route(HOST_PREFIXES["seller-auth"], authRoutes(state));
  app.route(HOST_PREFIXES["seller-supply"], jsonRpcRoutes(state));
  app.route(HOST_PREFIXES.pow, powRoutes(state));
  app.route(HOST_PREFIXES.seller, portalRoutes(state));
  if (options.control) app.route("/__sandbox", controlRoutes(driver, origin));
  app.get("/", (c) => c.json({ name: "Wildberries sandbox", hosts: hostsFor(origin() ?? new URL(c.req.url).origin) }));
  return app;
}
