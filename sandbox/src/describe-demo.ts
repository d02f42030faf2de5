import type { DemoSeed } from "./demo.ts";

/**
 * The lines a person needs to try the demo seller: where to log in and which supplies exist. The
 * SMS code is read through the control API, never printed.
 */
export function describeDemo(url: string, demo: DemoSeed): string[] {
  return [
    `  portal login  ${url}/seller  phone ${demo.phone}, SMS code: GET ${url}/__sandbox/sms?phone=${encodeURIComponent(demo.phone)}`,
    ...demo.cabinets.map((c) => `  cabinet       ${c.name} (supplier ${c.supplierId})`),
    `  supplies      ${demo.preorders.length} unplanned preorders, ${demo.drafts.length} draft`,
  ];
}
