import { fileURLToPath } from "node:url";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { allowedMethods } from "./allowed-methods.ts";
import type { ApiDeps, AppEnv } from "./context.ts";
import { errorHandler, notFound } from "./errors.ts";
import { httpMetrics } from "./metrics.ts";
import { tmaAuth } from "./middleware/tma-auth.ts";
import { UserCache } from "./middleware/user-cache.ts";
import { documentedStatuses } from "./openapi/document.ts";
import { requestLocale } from "./request-locale.ts";
import { adminRoutes } from "./routes/admin.ts";
import { adminBillingRoutes } from "./routes/admin-billing.ts";
import { adminSalesAccountRoutes } from "./routes/admin-sales-accounts.ts";
import { adminSalesDialogRoutes } from "./routes/admin-sales-dialogs.ts";
import { adminSalesPromptRoutes } from "./routes/admin-sales-prompt.ts";
import { billingRoutes } from "./routes/billing.ts";
import { bookingRoutes } from "./routes/bookings.ts";
import { cabinetRoutes } from "./routes/cabinets.ts";
import { devSessionRoutes } from "./routes/dev-session.ts";
import { eventsRoutes } from "./routes/events.ts";
import { healthRoutes } from "./routes/health.ts";
import { meRoutes } from "./routes/me.ts";
import { meSettingsRoutes } from "./routes/me-settings.ts";
import { openApiRoutes } from "./routes/openapi.ts";
import { paddleWebhookRoutes } from "./routes/paddle-webhook.ts";
import { portalLoginRoutes } from "./routes/portal-login.ts";
import { slotsRoutes } from "./routes/slots.ts";
import { suppliesRoutes } from "./routes/supplies.ts";
import { supportRoutes } from "./routes/support.ts";
import { taskRoutes } from "./routes/tasks.ts";
import { warehouseRoutes } from "./routes/warehouses.ts";
import { miniappRoutes } from "./static.ts";

const DEFAULT_MINIAPP_DIR = fileURLToPath(new URL("../../miniapp/dist", import.meta.url));

/** The seller API: `/api/*` behind Telegram initData auth. Its type drives the typed client. */
function sellerApi(deps: ApiDeps) {
  const users = new UserCache();
  return new Hono<AppEnv>()
    .use(tmaAuth(deps, users))
    .route("/", meRoutes(deps, users))
    .route("/", cabinetRoutes(deps))
    .route("/", portalLoginRoutes(deps))
    .route("/", suppliesRoutes(deps))
    .route("/", taskRoutes(deps))
    .route("/", bookingRoutes(deps))
    .route("/", slotsRoutes(deps))
    .route("/", warehouseRoutes(deps))
    .route("/", supportRoutes(deps))
    .route("/", eventsRoutes(deps))
    .route("/", adminRoutes(deps))
    .route("/", meSettingsRoutes(deps, users))
    .route("/", adminSalesAccountRoutes(deps))
    .route("/", adminSalesDialogRoutes(deps))
    .route("/", adminSalesPromptRoutes(deps))
    .route("/", adminBillingRoutes(deps))
    .route("/", billingRoutes(deps));
}

export type SellerApi = ReturnType<typeof sellerApi>;

export function createApp(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const api = sellerApi(deps);
  const docs = deps.onUndocumentedError
    ? { documented: documentedStatuses(api as unknown as Hono), undocumented: deps.onUndocumentedError }
    : undefined;
  app.onError(errorHandler(deps.log, docs));
  app.notFound(notFound);
  app.use(async (c, next) => {
    // Until sign-in sets the user's own (a refusal before it — a body too large — speaks this one).
    c.set(
      "locale",
      requestLocale({ authorization: c.req.header("authorization"), acceptLanguage: c.req.header("accept-language") }),
    );
    await next();
  });
  app.use(httpMetrics(deps.metrics, deps.queue));
  // Bodies are read only up to a small limit: a huge one is refused before it is parsed.
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HTTPException(413);
      },
    });
  app.use("/api/*", limit(64 * 1024));
  app.use("/dev/*", limit(4 * 1024));
  // A Telegram update is a few kilobytes; a megabyte leaves room for any Telegram sends.
  app.use("/telegram/*", limit(1024 * 1024));
  app.use("/webhooks/*", limit(256 * 1024));
  app.route("/", healthRoutes(deps));
  // The API's own description, open without sign-in: registered before the signed-in routes.
  app.route("/api", openApiRoutes(api));
  app.route("/api", api);
  if (deps.config.mode === "demo") app.route("/dev", devSessionRoutes(deps));
  if (deps.telegramWebhook) app.post("/telegram/webhook", deps.telegramWebhook);
  app.route("/", paddleWebhookRoutes(deps));
  // Unknown API paths are a JSON 404, not the Mini App's HTML; a known one called with a method it
  // does not take is a 405 that says which it takes.
  let methodsAt: ((path: string) => string[]) | undefined;
  app.all("/api/*", (c) => {
    methodsAt ??= allowedMethods(app.routes);
    const allowed = methodsAt(c.req.path);
    if (allowed.length === 0) return notFound(c);
    c.header("Allow", allowed.join(", "));
    throw new AppError("route.method_not_allowed", { method: c.req.method, allowed: allowed.join(", ") });
  });
  app.all("/dev/*", notFound);
  app.route("/", miniappRoutes(deps.miniappDir ?? DEFAULT_MINIAPP_DIR));
  return app;
}
