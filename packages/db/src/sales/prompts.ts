import type { Executor } from "./executor.ts";

export interface PromptVersion {
  version: number;
  text: string;
  createdAt: Date;
  createdBy: number | null;
}

/** The newest prompt version (the migration seeds version 1). */
export async function currentPrompt(db: Executor): Promise<PromptVersion> {
  const row = await db
    .selectFrom("sales_prompts")
    .select(["id", "text", "created_at", "created_by"])
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return { version: row.id, text: row.text, createdAt: row.created_at, createdBy: row.created_by };
}

/** A new version; messages generated from now on record it. */
export async function createPromptVersion(db: Executor, text: string, createdBy: number): Promise<PromptVersion> {
  const row = await db
    .insertInto("sales_prompts")
    .values({ text, created_by: createdBy })
    .returning(["id", "text", "created_at", "created_by"])
    .executeTakeFirstOrThrow();
  return { version: row.id, text: row.text, createdAt: row.created_at, createdBy: row.created_by };
}
