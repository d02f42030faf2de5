import type { TaskView } from "@slotpilot/api/client";
import { type Db, sealCabinetToken } from "@slotpilot/db";
import { signInitData } from "@slotpilot/domain";
import type { DemoSeed } from "@slotpilot/sandbox";

/** The Telegram user the demo Mini App (`POST /dev/session`) and `./slotpilot chat` are. */
export const DEMO_TELEGRAM_ID = 100_000_001;

export interface DemoSeller {
  cabinet: { id: number; name: string };
  tasks: { id: number; mode: "alert" | "book"; preorderId: number; warehouseId: number; boxTypeId: number }[];
}

const MOSCOW_MS = 3 * 3_600_000;
const day = (offset: number) => new Date(Date.now() + MOSCOW_MS + offset * 86_400_000).toISOString().slice(0, 10);

/** Calls the API in-process as the demo user (signed initData), throwing its localized error. */
function demoCaller(fetch: (request: Request) => Response | Promise<Response>, botToken: string) {
  const initData = signInitData({ user: { id: DEMO_TELEGRAM_ID, first_name: "Demo", language_code: "ru" } }, botToken);
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(
      new Request(`http://slotpilot.internal/api${path}`, {
        method,
        headers: { authorization: `tma ${initData}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const json = (await response.json()) as T & { error?: { message: string } };
    if (!response.ok) throw new Error(`demo seller: ${method} ${path}: ${json.error?.message ?? response.status}`);
    return json;
  };
}

/**
 * Demo mode leaves a newcomer something alive: the demo seller's WB cabinet connected (by its
 * sandbox token) and two tasks on its preorders — one that alerts, one that books — watching the
 * next two weeks. Done through the API as the demo user, with the API's own rules; a second start
 * finds them there and adds nothing.
 */
export async function seedDemoSeller(options: {
  fetch: (request: Request) => Response | Promise<Response>;
  botToken: string;
  demo: DemoSeed;
  db: Db;
  encryptionKey: Buffer;
}): Promise<DemoSeller> {
  const call = demoCaller(options.fetch, options.botToken);

  const source = options.demo.cabinets[0];
  if (!source) throw new Error("demo seller: the sandbox has no demo cabinet");
  const { cabinets } = await call<{ cabinets: { id: number; name: string }[] }>("GET", "/cabinets");
  const existing = cabinets.find((c) => c.name === source.name);
  if (existing) {
    // The sandbox keeps its tokens in DATA_DIR (sandbox-process.ts), but a lost or unreadable state
    // file makes a new world with new ones: the kept cabinet gets today's.
    const { organization } = await call<{ organization: { id: number } }>("GET", "/me");
    await options.db
      .updateTable("cabinets")
      .set(sealCabinetToken(options.encryptionKey, organization.id, source.tokens.personal))
      .where("id", "=", existing.id)
      .execute();
  }
  const cabinet =
    existing ??
    (
      await call<{ cabinet: { id: number; name: string } }>("POST", "/cabinets", {
        name: source.name,
        apiToken: source.tokens.personal,
        monitorOptIn: true,
      })
    ).cabinet;

  const { tasks } = await call<{ tasks: TaskView[] }>("GET", "/tasks");
  const wanted = [
    { mode: "alert" as const, preorder: options.demo.preorders[0] },
    { mode: "book" as const, preorder: options.demo.preorders[1] },
  ];
  const out: DemoSeller["tasks"] = [];
  for (const { mode, preorder } of wanted) {
    if (!preorder) continue;
    const same = tasks.find((t) => t.supply.kind === "preorder" && t.supply.preorderId === preorder.preorderId);
    const task =
      same ??
      (
        await call<{ task: { id: number } }>("POST", "/tasks", {
          cabinetId: cabinet.id,
          supply: { kind: "preorder", preorderId: preorder.preorderId },
          dateFrom: day(0),
          dateTo: day(13),
          maxCoefficient: 1,
          mode,
        })
      ).task;
    out.push({
      id: task.id,
      mode,
      preorderId: preorder.preorderId,
      warehouseId: preorder.warehouseId,
      boxTypeId: preorder.boxTypeId ?? 0,
    });
  }
  return { cabinet, tasks: out };
}

/** Banner lines: what the demo seller has, and how to make a slot open for it. */
export function describeDemoSeller(seller: DemoSeller, sandboxUrl: string): string[] {
  const alert = seller.tasks.find((t) => t.mode === "alert");
  const lines = [
    `Demo seller: cabinet «${seller.cabinet.name}» connected (its WB portal session logs in by itself, with the sandbox's SMS code); tasks ${seller.tasks
      .map((t) => `#${t.id} (${t.mode}, preorder ${t.preorderId}, warehouse ${t.warehouseId})`)
      .join(", ")}`,
  ];
  if (alert) {
    lines.push(
      "Open a slot: the sandbox opens a free cell for the alert task; the Mini App and ./slotpilot chat show the alert:",
      `  curl -X POST ${sandboxUrl}/__sandbox/cells -H 'content-type: application/json' \\`,
      `    -d '{"warehouseId":${alert.warehouseId},"date":"${day(2)}","boxTypeId":${alert.boxTypeId},"coefficient":0}'`,
    );
  }
  return lines;
}

interface PortalView {
  state: string;
  waitingFor: string | null;
  error: { message: string } | null;
  cabinets: { supplierId: number }[] | null;
}

/**
 * Demo mode logs the demo cabinet's WB portal session in by itself, the way a seller would from the
 * bot — phone, then the SMS code — except that the code is read from the sandbox. Returns the
 * session's final state (`ACTIVE` when it worked; `reopened` when it was live from an earlier start
 * and no login was needed); never throws.
 */
export async function connectDemoPortal(options: {
  fetch: (request: Request) => Response | Promise<Response>;
  botToken: string;
  cabinetId: number;
  demo: DemoSeed;
  smsCode: (phone: string) => Promise<string | undefined>;
  /** The product is stopping: take no further step. */
  signal?: AbortSignal;
}): Promise<{ state: string; reason?: string; reopened?: true }> {
  const call = demoCaller(options.fetch, options.botToken);
  const base = `/cabinets/${options.cabinetId}/login`;
  try {
    // Active from an earlier start (the sandbox kept its session): the keeper reopens it from its
    // saved state. A new login would throw that away and wait for an SMS code nobody may type.
    const { cabinets } = await call<{ cabinets: { id: number; portal: { state: string } | null }[] }>(
      "GET",
      "/cabinets",
    );
    if (cabinets.find((c) => c.id === options.cabinetId)?.portal?.state === "ACTIVE")
      return { state: "ACTIVE", reopened: true };
    let { session } = await call<{ session: PortalView }>("POST", base, { phone: options.demo.phone });
    for (let step = 0; step < 4 && session.state === "WAITING_AUTH"; step++) {
      if (options.signal?.aborted) return { state: session.state, reason: "the product is stopping" };
      if (session.waitingFor === "code") {
        const code = await options.smsCode(options.demo.phone);
        if (!code) return { state: session.state, reason: "the sandbox sent no SMS code" };
        ({ session } = await call<{ session: PortalView }>("POST", `${base}/code`, { code }));
      } else if (session.waitingFor === "cabinet") {
        const supplierId = options.demo.cabinets[0]?.supplierId ?? session.cabinets?.[0]?.supplierId;
        ({ session } = await call<{ session: PortalView }>("POST", `${base}/cabinet`, { supplierId }));
      } else {
        return {
          state: session.state,
          reason: `waits for ${session.waitingFor ?? "nothing"}: log in from the Mini App`,
        };
      }
    }
    return session.error ? { state: session.state, reason: session.error.message } : { state: session.state };
  } catch (err) {
    return { state: "ERROR", reason: err instanceof Error ? err.message : String(err) };
  }
}
