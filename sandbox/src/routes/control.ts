import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { seedDemo } from "../demo.ts";
import { ControlError, type SandboxDriver } from "../driver.ts";
import { hostsFor } from "../paths.ts";

const id = z.coerce.number().int().positive();
const boxTypeId = z.number().int().nullable();

const schemas = {
  reset: z.object({ seed: z.number().int().optional() }),
  sellers: z.object({
    phone: z.string().optional(),
    cabinets: z.union([z.number().int(), z.array(z.string().min(1))]).optional(),
  }),
  preorders: z.object({ supplierId: id, warehouseId: id, boxTypeId, isBoxOnPallet: z.boolean().optional() }),
  drafts: z.object({ supplierId: id }),
  cells: z.object({
    warehouseId: id,
    date: z.string(),
    boxTypeId,
    coefficient: z.number().int().min(-1),
    allowUnload: z.boolean().optional(),
    capacity: z.number().int().min(0).optional(),
  }),
  advance: z.object({
    ms: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3_600_000),
  }),
};

async function body<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const raw: unknown = await c.req.json().catch(() => ({}));
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ControlError(
      400,
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  return parsed.data;
}

/** `/__sandbox/…`: JSON in, JSON out, for tests, benchmarks and the demo. Mounted only when enabled. */
export function controlRoutes(driver: SandboxDriver, origin: () => string | undefined): Hono {
  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof ControlError) return c.json({ error: error.message }, error.status);
    return c.json({ error: "internal error" }, 500);
  });

  app.get("/hosts", (c) => c.json(hostsFor(origin() ?? new URL(c.req.url).origin)));
  app.post("/reset", async (c) => c.json(driver.reset((await body(c, schemas.reset)).seed)));
  app.post("/sellers", async (c) => {
    const input = await body(c, schemas.sellers);
    return c.json(
      driver.createSeller({
        ...(input.phone === undefined ? {} : { phone: input.phone }),
        ...(input.cabinets === undefined ? {} : { cabinets: input.cabinets }),
      }),
    );
  });
  app.post("/preorders", async (c) => {
    const { isBoxOnPallet, ...input } = await body(c, schemas.preorders);
    return c.json(driver.createPreorder({ ...input, ...(isBoxOnPallet === undefined ? {} : { isBoxOnPallet }) }));
  });
  app.post("/drafts", async (c) => c.json(driver.createDraft(await body(c, schemas.drafts))));
  app.post("/cells", async (c) => {
    const input = await body(c, schemas.cells);
    return c.json(
      driver.setCell({
        warehouseId: input.warehouseId,
        date: input.date,
        boxTypeId: input.boxTypeId,
        coefficient: input.coefficient,
        ...(input.allowUnload === undefined ? {} : { allowUnload: input.allowUnload }),
        ...(input.capacity === undefined ? {} : { capacity: input.capacity }),
      }),
    );
  });
  app.get("/cells", (c) => {
    const q = c.req.query();
    const box = q.boxTypeId === undefined || q.boxTypeId === "null" ? null : Number(q.boxTypeId);
    return c.json(driver.cell(Number(q.warehouseId), String(q.date), box));
  });
  app.get("/sms", (c) => {
    const code = driver.smsCode(c.req.query("phone") ?? "");
    return code ? c.json({ code }) : c.json({ error: "no code was sent to this phone" }, 404);
  });
  app.get("/logins", (c) => c.json({ logins: driver.logins(c.req.query("phone") ?? "") }));
  app.get("/captcha", (c) => {
    const answer = driver.captchaAnswer(c.req.query("phone") ?? "");
    return answer ? c.json({ answer }) : c.json({ error: "no captcha is pending for this phone" }, 404);
  });
  app.get("/bookings", (c) => c.json(driver.bookings()));
  app.get("/requests", (c) => {
    const supplierId = Number(c.req.query("supplierId"));
    if (!Number.isInteger(supplierId)) throw new ControlError(400, "supplierId: expects an integer");
    return c.json(driver.requests(supplierId));
  });
  app.get("/supplies", (c) => c.json(driver.supplies(Number(c.req.query("supplierId")))));
  app.post("/faults", async (c) => c.json(driver.setFaults((await c.req.json().catch(() => ({}))) ?? {})));
  app.post("/scenario", async (c) => {
    const scenario = driver.loadScenario(await c.req.json().catch(() => undefined));
    return c.json({ ok: true, name: scenario.name ?? null, seed: driver.state.seed, events: scenario.timeline.length });
  });
  app.post("/demo", (c) => c.json(seedDemo({ control: driver })));
  app.post("/advance", async (c) => {
    driver.advance((await body(c, schemas.advance)).ms);
    return c.json({ now: new Date(driver.now()).toISOString() });
  });
  return app;
}
