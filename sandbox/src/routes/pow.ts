import { Hono } from "hono";
import { latencyFor } from "../faults.ts";
import { POW_PATHS } from "../paths.ts";
import type { SandboxState } from "../state.ts";
import { sleep } from "./wb-error.ts";

/** The proof-of-work captcha host: get a task, solve it, trade the answer for a one-time token. */
export function powRoutes(state: SandboxState): Hono {
  const app = new Hono();
  app.get(POW_PATHS.getTask, async (c) => {
    await sleep(latencyFor(state.faults, "pow"));
    if (state.injectError()) return c.text("Internal Server Error", 500);
    const task = state.newPowTask();
    return c.json({
      id: task.id,
      algorithm: "sha256",
      challenge: task.challenge,
      difficulty: task.difficulty,
      expiresAt: new Date(task.expiresAt).toISOString(),
    });
  });
  app.post(POW_PATHS.verifyAnswer, async (c) => {
    await sleep(latencyFor(state.faults, "pow"));
    const body = (await c.req.json().catch(() => undefined)) as
      | { id?: unknown; answer?: unknown; nonce?: unknown; fingerprint?: unknown }
      | undefined;
    const token = state.verifyPow(String(body?.id), String(body?.answer), {
      nonce: body?.nonce,
      fingerprint: body?.fingerprint,
      userAgent: c.req.header("user-agent"),
    });
    if (!token) return c.json({ error: "invalid answer" }, 400);
    return c.json({ "wb-captcha-short-token": token });
  });
  return app;
}
