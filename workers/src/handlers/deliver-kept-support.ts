import { type Db, deliverKeptSupport as deliver } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";

/** Delivers the support messages kept while no admin had opened the bot, once one has. */
export function deliverKeptSupport(deps: { db: Db; log: Logger }) {
  return async (): Promise<void> => {
    const delivered = await deliver(deps.db);
    if (delivered > 0) deps.log.info("kept support messages delivered", { messages: delivered });
  };
}
