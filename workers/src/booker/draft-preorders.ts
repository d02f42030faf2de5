import type { DraftWorkSkip, PreorderToCreate, PreorderToRemove } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import { type PortalPage, PortalSessionLost, type PortalSupply } from "@slotpilot/portal";
import type { DraftStore, WarmPages } from "./ports.ts";

export interface DraftPreorderDeps {
  workerId: string;
  store: DraftStore;
  pages: WarmPages;
  log: Logger;
  /** Kept from round to round by the caller: what failed waits before it is tried again. */
  retries: DraftRetries;
  now?: () => number;
}

const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 10 * 60_000;

/**
 * When a preorder that failed (WB refused to make it at that warehouse, or to remove it) is tried
 * again: 2 s, 4 s, 8 s … up to every 10 minutes, so a warehouse that keeps refusing is not asked
 * every round, and the other preorders go on meanwhile. Kept in this process; a success forgets,
 * and so does a long quiet spell (the item was done elsewhere, or is gone).
 */
export class DraftRetries {
  readonly #failed = new Map<string, { step: DraftStep; count: number; at: number }>();

  waiting(step: DraftStep, now: number): boolean {
    const failed = this.#failed.get(keyOf(step));
    return failed !== undefined && now < failed.at;
  }

  /** Records a failure; returns how long the item waits now. */
  failed(step: DraftStep, now: number): number {
    const key = keyOf(step);
    const count = (this.#failed.get(key)?.count ?? 0) + 1;
    const wait = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (count - 1));
    this.#failed.set(key, { step, count, at: now + wait });
    return wait;
  }

  succeeded(step: DraftStep): void {
    this.#failed.delete(keyOf(step));
  }

  /** The items waiting now, for the listing to leave out. */
  skip(now: number): DraftWorkSkip {
    const skip = { create: [] as { taskId: number; warehouseId: number }[], remove: [] as number[] };
    for (const [key, failed] of this.#failed) {
      if (now >= failed.at + 2 * LAST_RETRY_MS) this.#failed.delete(key);
      if (now >= failed.at) continue;
      if ("create" in failed.step) skip.create.push(failed.step.create);
      else skip.remove.push(failed.step.remove);
    }
    return skip;
  }
}

/** One preorder's step: making a task's preorder at a warehouse, or removing a `booking_preorders` row's. */
type DraftStep = { create: { taskId: number; warehouseId: number } } | { remove: number };

const keyOf = (step: DraftStep) =>
  "create" in step ? `create:${step.create.taskId}:${step.create.warehouseId}` : `remove:${step.remove}`;

/**
 * Draft tasks' preorders, on the warm pages of the cabinets this worker holds:
 *
 * - **Ahead of time**: every active `book` task of a draft gets one preorder per ranked warehouse
 *   (`supply/create`), so booking a cell at any of them is one `plan/add`. The intent is written
 *   before the call; an intent found without its preorder (a crash between the two) is first looked
 *   for in the cabinet's listing — an unplanned preorder of that draft at that warehouse that no
 *   task holds is adopted — and made only when none is there, so a crash never makes two.
 * - **After**: the preorders not used by the booking (or of a task that ended without one) are
 *   removed (`supply/delete`, the sandbox's method; a guess for real WB) and marked removed; one
 *   already gone counts as removed.
 *
 * A cabinet whose page cannot be used is tried again at the next round (a lost session goes on up to
 * the session keeper); one preorder WB refuses to make or remove waits longer each time
 * (`DraftRetries`) while the others go on.
 */
export async function tendDraftPreorders(deps: DraftPreorderDeps): Promise<void> {
  const cabinetIds = deps.pages.ready();
  if (cabinetIds.length === 0) return;
  const now = deps.now ?? Date.now;
  const work = await deps.store.work({ workerId: deps.workerId, cabinetIds, skip: deps.retries.skip(now()) });
  const byCabinet = new Map<number, { create: PreorderToCreate[]; remove: PreorderToRemove[] }>();
  const entry = (id: number) => {
    const found = byCabinet.get(id);
    if (found) return found;
    const fresh = { create: [] as PreorderToCreate[], remove: [] as PreorderToRemove[] };
    byCabinet.set(id, fresh);
    return fresh;
  };
  for (const c of work.create) entry(c.cabinetId).create.push(c);
  for (const r of work.remove) entry(r.cabinetId).remove.push(r);
  await Promise.all(
    [...byCabinet].map(([cabinetId, todo]) =>
      deps.pages
        .use(cabinetId, (portal) => tendCabinet(portal, cabinetId, todo, deps))
        .catch((err: unknown) => deps.log.warn("booker: draft preorders not tended", { cabinetId, err })),
    ),
  );
}

async function tendCabinet(
  portal: PortalPage,
  cabinetId: number,
  todo: { create: PreorderToCreate[]; remove: PreorderToRemove[] },
  deps: DraftPreorderDeps,
): Promise<void> {
  const { store, retries, log } = deps;
  const now = deps.now ?? Date.now;
  let unplanned: PortalSupply[] | undefined;
  let held: Set<number> | undefined;
  /** An unplanned preorder of this draft at this warehouse that no task holds: one made but never recorded. */
  const orphan = async (draftId: string, warehouseId: number): Promise<number | undefined> => {
    unplanned ??= await portal.listSupplies({ statusId: 1 });
    held ??= await store.recordedIds(cabinetId);
    const taken = held;
    const found = unplanned.find(
      (s) => s.draftId === draftId && s.warehouseId === warehouseId && s.statusId === 1 && !taken.has(s.preorderId),
    );
    if (found) taken.add(found.preorderId);
    return found?.preorderId;
  };
  /** One preorder's step; a failure holds back that preorder alone. */
  const attempt = async (item: DraftStep, what: Record<string, number>, step: () => Promise<void>) => {
    if (retries.waiting(item, now())) return;
    try {
      await step();
      retries.succeeded(item);
    } catch (err) {
      // A lost session is the page's, not this preorder's: the session keeper must learn it.
      if (err instanceof PortalSessionLost) throw err;
      const retryInMs = retries.failed(item, now());
      log.warn("booker: a draft preorder step failed", { cabinetId, ...what, retryInMs, err });
    }
  };

  for (const item of todo.create) {
    const create = { taskId: item.taskId, warehouseId: item.warehouseId };
    await attempt({ create }, create, async () => {
      const adopted = item.intent ? await orphan(item.draftId, item.warehouseId) : undefined;
      let preorderId = adopted;
      if (preorderId === undefined) {
        if (!item.intent) await store.noteIntent(item);
        preorderId = await portal.createPreorder({
          draftId: item.draftId,
          warehouseId: item.warehouseId,
          boxTypeId: item.boxTypeId,
        });
        held?.add(preorderId);
      }
      await store.record({ taskId: item.taskId, warehouseId: item.warehouseId, preorderId });
    });
  }

  for (const item of todo.remove) {
    await attempt({ remove: item.id }, { preorderRow: item.id, warehouseId: item.warehouseId }, async () => {
      const preorderId = item.preorderId ?? (await orphan(item.draftId, item.warehouseId));
      if (preorderId !== undefined) await portal.deletePreorder(preorderId);
      await store.removed(item.id);
    });
  }
}
