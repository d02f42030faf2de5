import type { Transaction } from "kysely";
import { enqueueUrgentAlert } from "./sales/urgent-calls.ts";
import type { Database } from "./schema.ts";

/** Outbox kinds about portal sessions; the notifier words each in its reader's language. */
export const PORTAL_NOTICE_KINDS = ["portal.session_lost"] as const;
export type PortalNoticeKind = (typeof PORTAL_NOTICE_KINDS)[number];

export interface PortalNotice {
  kind: PortalNoticeKind;
  organizationId: number;
  cabinetId: number;
  cabinetName: string;
  /** Book tasks paused because of it. */
  pausedTasks: number;
  /** Names this occurrence: the same loss is announced once per chat. */
  occurrence: string;
}

/**
 * Queues a portal notice for every member of the organization and for the admins (each once,
 * whichever they are), in the caller's transaction, so it goes out only if the state it reports
 * was stored. A session lost while book tasks were hunting is urgent: members who opted in to calls
 * also get a ring (the notice, with its "Log in again" button, is the message that goes with it).
 * Returns how many messages were queued.
 */
export async function enqueuePortalNotice(
  trx: Transaction<Database>,
  notice: PortalNotice,
  adminChatIds: readonly number[],
): Promise<number> {
  const members = await trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.organization_id", "=", notice.organizationId)
    .select(["users.id", "users.telegram_id"])
    .execute();
  const chats = new Map<number, "member" | "admin">();
  for (const m of members) chats.set(m.telegram_id, "member");
  for (const id of adminChatIds) if (!chats.has(id)) chats.set(id, "admin");
  if (chats.size === 0) return 0;
  const { occurrence, ...payload } = notice;
  if (notice.kind === "portal.session_lost" && notice.pausedTasks > 0) {
    for (const m of members) {
      await enqueueUrgentAlert(trx, {
        userId: m.id,
        kind: "portal_session_lost",
        key: `portal_session_lost:${notice.cabinetId}:${occurrence}:${m.id}`,
        params: { cabinet: notice.cabinetName },
        message: false,
      });
    }
  }
  const rows = await trx
    .insertInto("notifications")
    .values(
      [...chats].map(([chatId, audience]) => ({
        organization_id: notice.organizationId,
        chat_id: chatId,
        kind: notice.kind,
        dedupe_key: `${notice.kind}:${notice.cabinetId}:${occurrence}:${chatId}`,
        payload: JSON.stringify({ ...payload, audience }),
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .execute();
  return rows.length;
}
