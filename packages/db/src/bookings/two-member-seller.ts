import type { Db } from "../connect.ts";
import { upsertTelegramUser } from "../users.ts";

/**
 * For tests of what a booking tells a seller's people: an organization with two members — the
 * owner opted in to calls (with a username, so a call can reach them), a colleague not — and a
 * cabinet. Telegram ids are `telegramId` and `telegramId + 1`.
 */
export async function twoMemberSeller(db: Db, input: { telegramId: number; username: string; cabinetName: string }) {
  const owner = await upsertTelegramUser(
    db,
    { telegramId: input.telegramId, firstName: "O", username: input.username },
    { isAdmin: false },
  );
  const colleague = await upsertTelegramUser(
    db,
    { telegramId: input.telegramId + 1, firstName: "C" },
    { isAdmin: false },
  );
  await db.updateTable("users").set({ call_opt_in: true }).where("id", "=", owner.user.id).execute();
  const organizationId = owner.organization.id;
  await db
    .insertInto("memberships")
    .values({ organization_id: organizationId, user_id: colleague.user.id, role: "member" })
    .execute();
  const cabinet = await db
    .insertInto("cabinets")
    .values({ organization_id: organizationId, name: input.cabinetName })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    organizationId,
    cabinetId: cabinet.id,
    owner: { userId: owner.user.id, chatId: owner.user.telegram_id },
    colleague: { userId: colleague.user.id, chatId: colleague.user.telegram_id },
  };
}
