import { createPromptVersion, currentPrompt, type PromptVersion, recordAudit } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { adminsOnly } from "../middleware/admins-only.ts";
import { validate } from "../validate.ts";

const body = (p: PromptVersion) => ({ version: p.version, text: p.text, createdAt: p.createdAt.toISOString() });
const newPrompt = z.object({ text: z.string() }).strict();

/** The sales prompt: `GET` the current version, `POST` a new one (versions are never edited). */
export function adminSalesPromptRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .use("/admin/sales/*", adminsOnly)
    .get("/admin/sales/prompt", async (c) => c.json({ prompt: body(await currentPrompt(deps.db)) }))
    .post("/admin/sales/prompt", validate("json", newPrompt), async (c) => {
      const text = c.req.valid("json").text.replace(/\r\n/g, "\n").trim();
      if (text.length < 1 || text.length > 20_000) throw new AppError("sales.prompt_invalid");
      const prompt = await createPromptVersion(deps.db, text, c.get("user").id);
      await recordAudit(deps.db, {
        action: "sales.prompt_changed",
        actorUserId: c.get("user").id,
        details: { version: prompt.version },
      });
      return c.json({ prompt: body(prompt) }, 201);
    });
}
