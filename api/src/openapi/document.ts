import { ERROR_KINDS, type ErrorCode } from "@slotpilot/domain";
import type { Hono } from "hono";
import { z } from "zod";
import { STATUS } from "../errors.ts";
import { VALIDATES, type ValidatorInfo } from "../validate.ts";
import { ROUTE_DOCS, type RouteDoc } from "./route-docs.ts";

type JsonSchema = Record<string, unknown>;

/** Every error the API answers has this body; `fields` comes with `request.invalid`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe("Stable code, e.g. `task.date_in_past`"),
    message: z.string().describe("In the caller's language (Accept-Language, else their saved language)"),
    fields: z
      .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .describe("One entry per offending field, for a form to show beside it"),
  }),
});

const schemaOf = (schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

/** `/tasks/:id` → `/tasks/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

/** The seller API's routes, each with the validators its handlers run, keyed `METHOD /path`. */
function sellerRoutes(sellerApi: Hono<never> | Hono) {
  const routes = new Map<string, { method: string; path: string; validators: ValidatorInfo[] }>();
  for (const route of sellerApi.routes) {
    if (route.method === "ALL") continue;
    const key = `${route.method} ${route.path}`;
    const entry = routes.get(key) ?? { method: route.method, path: route.path, validators: [] };
    const info = (route.handler as unknown as { [VALIDATES]?: ValidatorInfo })[VALIDATES];
    if (info) entry.validators.push(info);
    routes.set(key, entry);
  }
  return routes;
}

/**
 * Every error a route can answer, by status: those every signed-in route shares (sign-in, the
 * database away), those its validators bring (a bad field; for a JSON body also a malformed or
 * oversized one, or one that is not JSON), admins-only, and the route's own (`RouteDoc.errors`).
 * The OpenAPI document lists these, and tests refuse any error a route answers outside them.
 */
function routeErrors(
  route: { path: string; validators: readonly ValidatorInfo[] },
  doc: RouteDoc | undefined,
): Map<number, ErrorCode[]> {
  const codes: ErrorCode[] = ["auth.missing", "auth.invalid", "auth.expired", "service.unavailable"];
  if (route.validators.length > 0) codes.push("request.invalid");
  if (route.validators.some((v) => v.target === "json"))
    codes.push("request.malformed", "request.body_not_object", "request.too_large", "request.unsupported_media_type");
  if (route.path.startsWith("/admin/")) codes.push("auth.forbidden");
  codes.push(...(doc?.errors ?? []));
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = STATUS[ERROR_KINDS[code]];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/** The statuses each route of the seller API documents (`METHOD /path` → statuses). */
export function documentedStatuses(sellerApi: Hono<never> | Hono): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const [key, route] of sellerRoutes(sellerApi)) {
    const doc = ROUTE_DOCS[key];
    out.set(key, new Set([doc?.ok.status ?? 200, ...routeErrors(route, doc).keys()]));
  }
  return out;
}

/**
 * The OpenAPI 3.1 document of the seller API, made from the app itself: its routes, and for each
 * the zod schemas its validators check (path, query, JSON body) — the same objects that validate
 * requests, so the document cannot drift from them. What a route does comes from `ROUTE_DOCS`.
 */
export function openApiDocument(sellerApi: Hono<never> | Hono, options: { basePath: string; version: string }) {
  const routes = sellerRoutes(sellerApi);
  const paths: Record<string, Record<string, unknown>> = {};
  const undocumented: string[] = [];
  for (const [key, route] of routes) {
    const doc = ROUTE_DOCS[key];
    if (!doc) undocumented.push(key);
    const parameters: unknown[] = [];
    let requestBody: unknown;
    for (const { target, schema } of route.validators) {
      const json = schemaOf(schema);
      if (target === "json") {
        requestBody = { required: true, content: { "application/json": { schema: json } } };
        continue;
      }
      const where = target === "param" ? "path" : target === "query" ? "query" : target;
      const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((json.required ?? []) as string[]);
      for (const [name, property] of Object.entries(properties)) {
        parameters.push({ name, in: where, required: where === "path" || required.has(name), schema: property });
      }
    }
    const errors = Object.fromEntries(
      [...routeErrors(route, doc)].map(([status, codes]) => [
        String(status),
        {
          description: `A localized error: ${codes.map((code) => `\`${code}\``).join(", ")}`,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      ]),
    );
    paths[`${options.basePath}${openApiPath(route.path)}`] ??= {};
    const operation: Record<string, unknown> = {
      tags: doc ? [doc.tag] : [],
      summary: doc?.summary ?? route.path,
      ...(doc?.description ? { description: doc.description } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(doc?.ok.status ?? 200)]: {
          description: doc?.ok.description ?? "OK",
          ...(doc?.ok.schema ? { content: { "application/json": { schema: schemaOf(doc.ok.schema, "output") } } } : {}),
        },
        ...errors,
      },
    };
    (paths[`${options.basePath}${openApiPath(route.path)}`] as Record<string, unknown>)[route.method.toLowerCase()] =
      operation;
  }

  return {
    document: {
      openapi: "3.1.0",
      info: {
        title: "Slotpilot seller API",
        version: options.version,
        description:
          "What the Mini App and the bot use. Every call is signed in with Telegram initData: `Authorization: tma <initData>` (demo mode hands one out at `POST /dev/session`). Errors are `{error: {code, message, fields?}}`, the message in the caller's language; bad input changes nothing. JSON bodies need `Content-Type: application/json`.",
      },
      servers: [{ url: "/" }],
      security: [{ telegramInitData: [] }],
      tags: ["Account", "Billing", "Cabinets", "Tasks", "Slots", "Live", "Admin", "Sales (admins)"].map((name) => ({
        name,
      })),
      paths,
      components: {
        securitySchemes: {
          telegramInitData: {
            type: "apiKey",
            in: "header",
            name: "Authorization",
            description: "`tma <initData>`: Telegram's signed initData of the Mini App (the bot signs its own).",
          },
        },
        schemas: { Error: schemaOf(errorBodySchema) },
      },
    },
    undocumented,
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>["document"];
