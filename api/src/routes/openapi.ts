import { Hono } from "hono";
import type { AppEnv } from "../context.ts";
import { openApiDocument } from "../openapi/document.ts";
import { referencePage } from "../openapi/reference-page.ts";

/**
 * `GET /api/openapi.json` and `GET /api/reference`: the seller API describing itself, open without
 * sign-in (they say what the API accepts, nothing about anyone's data). Built once, from the app.
 */
export function openApiRoutes(sellerApi: Hono<AppEnv>) {
  const { document } = openApiDocument(sellerApi as unknown as Hono, { basePath: "/api", version: "1" });
  const page = referencePage(document);
  return new Hono<AppEnv>().get("/openapi.json", (c) => c.json(document)).get("/reference", (c) => c.html(page));
}
