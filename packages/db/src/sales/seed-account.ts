import type { Db } from "../connect.ts";
import { sealAccountSecrets } from "./accounts.ts";

/** A sales account row as a finished login leaves it (tests and demo seeding). Returns its id. */
export async function seedSalesAccount(
  db: Db,
  key: Buffer,
  input: { phone: string; session: string; username?: string | null; messagesToday?: number; day?: string },
): Promise<number> {
  const row = await db
    .insertInto("sales_accounts")
    .values({
      phone: input.phone,
      username: input.username ?? null,
      ...sealAccountSecrets(key, input.phone, input.session, null),
      device_model: "Google Pixel 8",
      system_version: "SDK 35",
      app_version: "11.6.1 (5466)",
      lang_code: "ru",
      system_lang_code: "ru-RU",
      ...(input.day ? { messages_day: input.day, messages_today: input.messagesToday ?? 0 } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
