import type { ClaimedBooking } from "@slotpilot/db";
import { type Logger, quietRepeats } from "@slotpilot/observability";
import { SessionNotReady } from "../sessions/cabinet-session.ts";
import { type BookingStrategy, bookSlot, ReadBackFailed, SessionLostWhileBooking } from "./book-slot.ts";
import { DraftRetries, tendDraftPreorders } from "./draft-preorders.ts";
import { moveSupply } from "./move-supply.ts";
import type { BookingStore, DraftStore, OfficialSupplies, WarmPages } from "./ports.ts";

export interface BookerDeps {
  workerId: string;
  store: BookingStore;
  pages: WarmPages;
  official: OfficialSupplies;
  log: Logger;
  /** `rpc` (default): the portal's JSON-RPC from inside the page; `ui`: clicking. */
  strategy?: BookingStrategy;
  /** How often open bookings are looked for when nothing wakes the booker. */
  pollMs?: number;
  /** A booking no worker started within this long is missed (a slot does not wait). */
  staleMs?: number;
  /** Bookings this process runs at once (each on its own cabinet's page). */
  parallel?: number;
  /** Draft tasks' preorders, made ahead of time and removed after (none: drafts are not booked). */
  drafts?: DraftStore;
  /** How often draft preorders are looked after. */
  draftsEveryMs?: number;
  /**
   * How often the pages of the cabinets that may book any moment are got ready ahead; 0: never.
   * RPC: the page solves the planning challenge (`primeChallenge`), so a booking is one `plan/add`.
   * UI: the page waits on the supply's page (`openSupplyPage`), so a booking starts by clicking —
   * the portal's own button runs the challenge, so no token can be kept for it.
   */
  primeEveryMs?: number;
  /** "Cabinet N has news" hints (a booking was written for it). */
  signals?: (onSignal: (cabinetId: number) => void) => Promise<{ close(): Promise<void> }>;
}

const STALE_EVERY_MS = 10_000;

/**
 * Books the slots the monitor hands over, on the warm pages of the cabinets this worker holds.
 * Bookings come from the `bookings` table (the record): claimed by priority, one in flight per task
 * (a unique index), different cabinets in parallel, one page per cabinet in turn. The monitor's fast
 * path (`offer`) claims its own decisions the moment they are stored; the loop (woken by the
 * hand-off's signal, and on a timer) claims whatever else waits — including bookings whose worker
 * died mid-way, once this worker has taken their cabinet over: those are read back before retrying.
 */
export class Booker {
  private readonly deps: BookerDeps;
  private readonly running = new Map<number, Promise<void>>();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private woken = false;
  private stopping = false;
  private listener: { close(): Promise<void> } | undefined;
  private staleAt = 0;
  private draftsAt = 0;
  /** One round of draft preorders at a time: two would both make the preorder an intent lacks. */
  private tending: Promise<void> | undefined;
  private readonly draftRetries = new DraftRetries();
  private primeAt = 0;
  private priming: Promise<void> | undefined;
  /** When each cabinet last started or ended a booking here (its next challenge can wait a round). */
  private readonly bookedAt = new Map<number, number>();
  /** Claims run one after another: a booking is in `running` before the next claim looks. */
  private claiming: Promise<void> = Promise.resolve();

  /** A pass failing over and over (the database away) is written once a minute. */
  private readonly failures: Logger;

  constructor(deps: BookerDeps) {
    this.deps = deps;
    this.failures = quietRepeats(deps.log);
  }

  async start(): Promise<void> {
    this.listener = await this.deps.signals?.(() => this.poke());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    await Promise.allSettled(this.running.values());
    await this.tending;
    await this.priming;
    await this.listener?.close();
  }

  /** Bookings running in this process now. */
  get inFlight(): number {
    return this.running.size;
  }

  /**
   * The fast path: the monitor stored these decisions in this process a moment ago. Their bookings
   * on cabinets this worker holds are claimed and started at once; the rest wait for their worker.
   */
  offer(decisions: readonly { bookingId?: number; cabinetId: number }[]): void {
    const ready = new Set(this.deps.pages.ready());
    const ids = decisions
      .filter((d) => d.bookingId !== undefined && ready.has(d.cabinetId))
      .map((d) => d.bookingId as number);
    if (ids.length === 0 || this.stopping) return;
    void this.claimAndRun({ ids, cabinetIds: [...ready] }).catch((err: unknown) =>
      this.deps.log.warn("booker: fast-path claim failed; the loop will pick them up", { err }),
    );
  }

  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.pass();
      } catch (error) {
        this.failures.warn("booker: pass failed", { err: error });
      }
      if (this.stopping) break;
      if (this.woken) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deps.pollMs ?? 1_000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      this.woken = false;
    }
  }

  private async pass(): Promise<void> {
    const now = Date.now();
    if (now >= this.staleAt) {
      this.staleAt = now + STALE_EVERY_MS;
      const expired = await this.deps.store.expireStale(this.deps.staleMs ?? 120_000);
      if (expired > 0) this.deps.log.info("booker: bookings nobody could start in time were missed", { expired });
    }
    const cabinetIds = this.deps.pages.ready();
    if (cabinetIds.length > 0) await this.claimAndRun({ cabinetIds });
    this.readyPages(now, cabinetIds);
    const drafts = this.deps.drafts;
    if (drafts && now >= this.draftsAt && !this.tending) {
      this.draftsAt = now + (this.deps.draftsEveryMs ?? 2_000);
      // Beside the bookings, never in their way: a slow supply/create must not hold up a claim.
      this.tending = tendDraftPreorders({
        workerId: this.deps.workerId,
        store: drafts,
        pages: this.deps.pages,
        log: this.deps.log,
        retries: this.draftRetries,
      })
        .catch((err: unknown) => this.deps.log.warn("booker: draft preorders not tended", { err }))
        .finally(() => {
          this.tending = undefined;
        });
    }
  }

  /**
   * Beside the bookings too: the hunting cabinets' pages get ready for their next booking now — the
   * planning challenge solved (RPC), or the supply's page open (UI). A cabinet that booked within
   * the round is left for the next one: its task has most likely just been booked, and getting
   * ready then would only take CPU from the other cabinets' bookings.
   */
  private readyPages(now: number, cabinetIds: number[]): void {
    const every = this.deps.primeEveryMs ?? 5_000;
    if (every <= 0 || cabinetIds.length === 0) return;
    if (now < this.primeAt || this.priming !== undefined) return;
    this.primeAt = now + every;
    const { pages, store, log } = this.deps;
    const byUi = this.deps.strategy === "ui";
    const quiet = (cabinetId: number) => Date.now() - (this.bookedAt.get(cabinetId) ?? 0) >= every;
    this.priming = store
      .hunting(cabinetIds.filter(quiet))
      .then((hunting) =>
        Promise.all(
          hunting.map(({ cabinetId, preorderId }) =>
            pages
              .use(cabinetId, async (portal) => {
                // The page may have been busy booking while this waited for it.
                if (!quiet(cabinetId)) return;
                if (!byUi) await portal.primeChallenge();
                else if (preorderId !== null) await portal.openSupplyPage(preorderId);
              })
              .catch((err: unknown) => log.debug("booker: page not got ready ahead", { cabinetId, err })),
          ),
        ),
      )
      .then(
        () => {},
        (err: unknown) => log.warn("booker: hunting cabinets not read", { err }),
      )
      .finally(() => {
        this.priming = undefined;
      });
  }

  private claimAndRun(input: { cabinetIds: number[]; ids?: number[] }): Promise<void> {
    const next = this.claiming.then(() => this.claimOnce(input));
    this.claiming = next.catch(() => {});
    return next;
  }

  private async claimOnce(input: { cabinetIds: number[]; ids?: number[] }): Promise<void> {
    const room = (this.deps.parallel ?? 50) - this.running.size;
    if (room <= 0) return;
    const claimed = await this.deps.store.claim({
      workerId: this.deps.workerId,
      cabinetIds: input.cabinetIds,
      limit: room,
      ...(input.ids ? { ids: input.ids } : {}),
      running: [...this.running.keys()],
    });
    for (const job of claimed) {
      this.bookedAt.set(job.cabinetId, Date.now());
      const work = this.book(job).finally(() => {
        this.running.delete(job.id);
        this.bookedAt.set(job.cabinetId, Date.now());
        // A cabinet's next booking may be waiting behind this one.
        this.poke();
      });
      this.running.set(job.id, work);
    }
  }

  private async book(job: ClaimedBooking): Promise<void> {
    const { log } = this.deps;
    log.info("booking", {
      bookingId: job.id,
      taskId: job.taskId,
      cabinetId: job.cabinetId,
      warehouseId: job.warehouseId,
      date: job.date,
      coefficient: job.coefficient,
      recovering: job.recovering,
      kind: job.kind,
    });
    let ending: Awaited<ReturnType<typeof bookSlot>>;
    try {
      const deps = { strategy: this.deps.strategy ?? "rpc", official: this.deps.official } as const;
      // A re-plan booking moves the planned supply; any other plans the preorder.
      ending = await this.deps.pages.use(job.cabinetId, (portal) =>
        job.kind === "replan" ? moveSupply(portal, job, deps) : bookSlot(portal, job, deps),
      );
    } catch (error) {
      if (error instanceof SessionLostWhileBooking) return this.finish(job, error.ending);
      // The page was not ready after all (recycled, let go), or the read-back failed: handed back
      // with its intent, the next claim reads the supply back before anything else.
      if (error instanceof ReadBackFailed)
        log.info("booker: WB took a plan that could not be read back yet", { bookingId: job.id });
      else if (!(error instanceof SessionNotReady))
        log.warn("booker: booking interrupted", { bookingId: job.id, err: error });
      await this.deps.store
        .unclaim(job)
        .catch((err: unknown) => log.warn("booker: could not hand a booking back", { bookingId: job.id, err }));
      return;
    }
    await this.finish(job, ending);
  }

  private async finish(job: ClaimedBooking, ending: Awaited<ReturnType<typeof bookSlot>>): Promise<void> {
    const { log } = this.deps;
    try {
      const recorded = await this.deps.store.finish(job, ending);
      log.info(recorded ? "booking ended" : "booking ended, but another worker owns it now", {
        bookingId: job.id,
        taskId: job.taskId,
        outcome: ending.kind,
        reason: "reason" in ending ? ending.reason : null,
        strategy: ending.strategy ?? null,
      });
    } catch (error) {
      // Not recorded (the database is away): the claim stays, and whoever claims it next reads the
      // supply back — a booking WB took is confirmed then, never made twice.
      log.warn("booker: could not record a booking's end; it will be read back", { bookingId: job.id, err: error });
    }
  }
}
