import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json } from "../testing.ts";
import { openApiDocument } from "./document.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { checkErrorDocs: true, mode: "demo" });
});
afterAll(() => api.close());

describe("the API describes itself", () => {
  it("serves an OpenAPI 3.1 document without sign-in, with every route of the seller API", async () => {
    const res = await api.app.request("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/tasks",
        "/api/tasks/{id}",
        "/api/tasks/{id}/events",
        "/api/cabinets",
        "/api/slots",
      ]),
    );
    expect(Object.keys(doc.paths["/api/tasks"])).toEqual(expect.arrayContaining(["get", "post"]));
  });

  it("takes request shapes from the very schemas that validate requests", async () => {
    const doc = await json(await api.app.request("/api/openapi.json"));
    const body = doc.paths["/api/tasks"].post.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(
      expect.arrayContaining(["cabinetId", "supply", "dateFrom", "dateTo", "maxCoefficient", "mode"]),
    );
    expect(body.properties.maxCoefficient).toMatchObject({ type: "integer", minimum: 0, maximum: 20 });
    expect(body.properties.mode.enum).toEqual(["book", "alert"]);
    expect(body.additionalProperties).toBe(false);
    // The same bound, as the validator applies it: 21 is refused with a message on that field.
    const session = await json(
      await api.app.request("/dev/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    );
    const refused = await api.app.request("/api/tasks", {
      method: "POST",
      headers: { authorization: `tma ${session.initData}`, "content-type": "application/json" },
      body: JSON.stringify({
        cabinetId: 1,
        supply: { kind: "preorder", preorderId: 1 },
        dateFrom: "2030-01-01",
        dateTo: "2030-01-02",
        maxCoefficient: 21,
        mode: "book",
      }),
    });
    expect(refused.status).toBe(400);
    expect((await json(refused)).error.fields).toEqual([
      { field: "maxCoefficient", code: "too_big", message: "Must be at most 20." },
    ]);
    const params = doc.paths["/api/slots"].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(["from", "to", "boxTypeId", "warehouseIds"]);
  });

  it("lists every status a task route answers, with its codes (API tests fail on any it leaves out)", async () => {
    const doc = await json(await api.app.request("/api/openapi.json"));
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses);
    expect(statuses("/api/tasks", "post")).toEqual([
      "201",
      "400",
      "401",
      "402",
      "404",
      "409",
      "413",
      "415",
      "429",
      "503",
    ]);
    expect(statuses("/api/tasks/{id}", "patch")).toEqual(expect.arrayContaining(["200", "402", "404", "409"]));
    expect(doc.paths["/api/tasks"].post.responses["409"].description).toBe(
      "A localized error: `task.supply_taken`, `portal.not_connected`",
    );
  });

  it("describes a task's supply as it is written: preorderId, or draftId with warehouseIds", async () => {
    const doc = await json(await api.app.request("/api/openapi.json"));
    const task = doc.paths["/api/tasks/{id}"].get.responses["200"].content["application/json"].schema.properties.task;
    const [preorder, draft] = task.properties.supply.oneOf ?? task.properties.supply.anyOf;
    expect(preorder.properties.preorderId.type).toBe("integer");
    expect(preorder.required).toEqual(expect.arrayContaining(["kind", "preorderId"]));
    expect(draft.required).toEqual(expect.arrayContaining(["kind", "draftId", "warehouseIds"]));
  });

  it("documents every route: a new route without a description fails here", () => {
    const { undocumented } = openApiDocument(api.app.routes.length > 0 ? sellerOnly() : new Hono(), {
      basePath: "/api",
      version: "test",
    });
    expect(undocumented).toEqual([]);
  });

  it("renders a readable reference page, self-contained (no script, nothing fetched from elsewhere)", async () => {
    const res = await api.app.request("/api/reference");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<code>/api/tasks</code>");
    expect(page).toContain("Create a booking task");
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

/** The seller API's routes as the app mounted them under /api (auth, docs and health excluded). */
function sellerOnly(): Hono {
  const seller = new Hono();
  for (const route of api.app.routes) {
    if (!route.path.startsWith("/api/") || route.method === "ALL") continue;
    if (route.path === "/api/openapi.json" || route.path === "/api/reference") continue;
    seller.on(route.method, route.path.slice(4), route.handler);
  }
  return seller;
}
