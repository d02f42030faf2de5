import { randomBytes } from "node:crypto";
import { hash32 } from "./prng.ts";

/**
 * The portal's in-page anti-bot challenge (FACTS.md, 2026: the `x-wb-captcha-token` for `plan/add`
 * comes from a fingerprint challenge that runs in the page; a token computed outside a real
 * browser is refused). WB's real scoring is unknown; the sandbox's is a stand-in with the same
 * consequence: only a real browser running the page's own script passes.
 *
 * Every portal page is served with a per-page nonce and a small probe element the page styles from
 * that nonce (flex items whose widths only a layout engine works out). The page's script measures
 * the probe, reads its device id (kept in IndexedDB and localStorage), its `navigator`, and its age,
 * and sends them with the proof-of-work answer. The token issued is always well-formed, but it is
 * marked passed only when every reading matches what this page was served with; `plan/add` and
 * `plan/update` accept passed tokens only, from the same session and the same browser.
 */

/** The action WB's challenge names for planning (FACTS.md). */
export const CHALLENGE_ACTION = "ADD_OR_UPDATE_SUPPLY";

export interface ProbeLayout {
  /** Container width, px. */
  width: number;
  /** flex-grow of the three items. */
  grows: [number, number, number];
  /** Horizontal padding of each item, px. */
  pad: number;
}

/** Each item also has a 1px left border. */
const BORDER = 1;
/** How far a measured width may be from the exact one (layout rounds to 1/64 px). */
const TOLERANCE_PX = 0.5;
/** A page's clock starts a little before its HTML is served; this much slack covers the trip. */
const AGE_SLACK_MS = 5_000;
const MAX_PAGES = 20_000;

export function probeLayout(nonce: string): ProbeLayout {
  const h = (k: string) => hash32(nonce, k);
  return {
    width: 180 + (h("w") % 160),
    grows: [1 + (h("g1") % 9), 1 + (h("g2") % 9), 1 + (h("g3") % 9)],
    pad: h("p") % 6,
  };
}

/** The widths a browser lays the three items out at: flex-basis 0, free space shared by grow. */
export function expectedWidths(layout: ProbeLayout): number[] {
  const fixed = 2 * layout.pad + BORDER;
  const free = layout.width - 3 * fixed;
  const total = layout.grows.reduce((a, b) => a + b, 0);
  return layout.grows.map((g) => fixed + (free * g) / total);
}

/** The probe's stylesheet and markup, for the page to include. */
export function probeMarkup(nonce: string): { css: string; html: string } {
  const l = probeLayout(nonce);
  const items = l.grows.map((g, i) => `#wb-fp>i:nth-child(${i + 1}){flex-grow:${g}}`).join("");
  return {
    css:
      `#wb-fp{position:absolute;left:-10000px;top:0;display:flex;width:${l.width}px;height:2px}` +
      `#wb-fp>i{flex-basis:0;flex-shrink:1;min-width:0;padding:0 ${l.pad}px;border-left:${BORDER}px solid transparent}${items}`,
    html: '<div id="wb-fp" aria-hidden="true"><i></i><i></i><i></i></div>',
  };
}

interface PageRecord {
  session: string;
  device: string;
  userAgent: string;
  /** Real (monotonic) ms when the page was served: the challenge times the browser, not the world. */
  servedAt: number;
}

export interface Fingerprint {
  layout: number[];
  deviceId: string;
  userAgent: string;
  pageAgeMs: number;
}

export type ChallengeVerdict =
  | { passed: true; session: string; userAgent: string }
  | { passed: false; reason: "no_page" | "layout" | "user_agent" | "device" | "timing" | "malformed" };

/** Pages served, and the device id each device cookie first reported. */
export class PageChallenges {
  private readonly pages = new Map<string, PageRecord>();
  private readonly devices = new Map<string, string>();

  /** A nonce for a page about to be served to this session, device and browser. */
  issue(session: string, device: string, userAgent: string): string {
    const nonce = randomBytes(12).toString("base64url");
    this.pages.set(nonce, { session, device, userAgent, servedAt: performance.now() });
    if (this.pages.size > MAX_PAGES) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    return nonce;
  }

  /** Scores one challenge answer. `requestAgent` is the User-Agent of the request carrying it. */
  score(nonce: unknown, fingerprint: unknown, requestAgent: string | undefined): ChallengeVerdict {
    const page = typeof nonce === "string" ? this.pages.get(nonce) : undefined;
    if (!page) return { passed: false, reason: "no_page" };
    const fp = parseFingerprint(fingerprint);
    if (!fp) return { passed: false, reason: "malformed" };
    const expected = expectedWidths(probeLayout(nonce as string));
    if (fp.layout.length !== 3 || expected.some((w, i) => Math.abs(w - (fp.layout[i] ?? -1)) > TOLERANCE_PX)) {
      return { passed: false, reason: "layout" };
    }
    if (fp.userAgent !== page.userAgent || requestAgent !== page.userAgent)
      return { passed: false, reason: "user_agent" };
    const known = this.devices.get(page.device);
    if (known === undefined) this.devices.set(page.device, fp.deviceId);
    else if (known !== fp.deviceId) return { passed: false, reason: "device" };
    const age = performance.now() - page.servedAt;
    if (fp.pageAgeMs < 0 || fp.pageAgeMs > age + AGE_SLACK_MS) return { passed: false, reason: "timing" };
    return { passed: true, session: page.session, userAgent: page.userAgent };
  }
}

function parseFingerprint(value: unknown): Fingerprint | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.layout) || !v.layout.every((n) => typeof n === "number")) return undefined;
  if (typeof v.deviceId !== "string" || v.deviceId.length < 8 || v.deviceId.length > 100) return undefined;
  if (typeof v.userAgent !== "string" || typeof v.pageAgeMs !== "number") return undefined;
  return { layout: v.layout as number[], deviceId: v.deviceId, userAgent: v.userAgent, pageAgeMs: v.pageAgeMs };
}
