import type { Hono } from "hono";
import { z } from "zod";
import { VALIDATES, type ValidatorInfo } from "../validate.ts";
import { ROUTE_DOCS } from "./route-docs.ts";

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

const schemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
};

/** `/tasks/:id` → `/tasks/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

/**
 * The OpenAPI 3.1 document of the seller API, made from the app itself: its routes, and for each
 * the zod schemas its validators check (path, query, JSON body) — the same objects that validate
 * requests, so the document cannot drift from them. What a route does comes from `ROUTE_DOCS`.
 */
export function openApiDocument(sellerApi: Hono<never> | Hono, options: { basePath: string; version: string }) {
  const routes = new Map<string, { method: string; path: string; validators: ValidatorInfo[] }>();
  for (const route of sellerApi.routes) {
    if (route.method === "ALL") continue;
    const key = `${route.method} ${route.path}`;
    const entry = routes.get(key) ?? { method: route.method, path: route.path, validators: [] };
    const info = (route.handler as unknown as { [VALIDATES]?: ValidatorInfo })[VALIDATES];
    if (info) entry.validators.push(info);
    routes.set(key, entry);
  }

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
    const errorResponse = {
      description: "A localized error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
    paths[`${options.basePath}${openApiPath(route.path)}`] ??= {};
    const operation: Record<string, unknown> = {
      tags: doc ? [doc.tag] : [],
      summary: doc?.summary ?? route.path,
      ...(doc?.description ? { description: doc.description } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(doc?.ok.status ?? 200)]: { description: doc?.ok.description ?? "OK" },
        ...(route.validators.length > 0 ? { "400": errorResponse } : {}),
        "401": errorResponse,
        ...(route.path.includes(":id") ? { "404": errorResponse } : {}),
        "503": errorResponse,
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
