import { type Db, taskSupply } from "@slotpilot/db";
import { supplyPortalUrl } from "@slotpilot/wb";

/**
 * A slot alert's payload with the link to its supply in the WB portal, read from its task when the
 * alert is worded (the monitor that queues alerts does not know the supply). Unchanged when the
 * task is gone or the payload has no task.
 */
export async function withPortalLink(db: Db, wbPortalUrl: string | undefined, payload: unknown): Promise<unknown> {
  const taskId = (payload as { taskId?: unknown } | null)?.taskId;
  if (!wbPortalUrl || typeof taskId !== "number") return payload;
  const supply = await taskSupply(db, taskId).catch(() => undefined);
  return supply ? { ...(payload as object), portalUrl: supplyPortalUrl(wbPortalUrl, supply) } : payload;
}
