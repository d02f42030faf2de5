import { BOX, MONOPALLET } from "./box-types.ts";
import { dayOf, dayToYmd } from "./dates.ts";
import type { CreatedSeller, SandboxDriver } from "./driver.ts";

export const DEMO_PHONE = "+79990000001";

export interface DemoSeed extends CreatedSeller {
  preorders: { preorderId: number; supplierId: number; warehouseId: number; boxTypeId: number | null }[];
  drafts: { draftId: string; supplierId: number }[];
}

const WANTED = [
  { warehouseId: 507, boxTypeId: BOX },
  { warehouseId: 120762, boxTypeId: BOX },
  { warehouseId: 117986, boxTypeId: MONOPALLET },
] as const;

/**
 * The demo seller `./slotpilot start` shows: one phone, one cabinet with both token types, three
 * unplanned preorders and a draft. One free cell per preorder opens three days out so a demo
 * booking can succeed at once — until competitors take it (20 s after opening by default).
 * Idempotent: a second call returns the demo seller already there, so an in-process start and a
 * `POST /__sandbox/demo` cannot end up with two demo cabinets.
 */
export function seedDemo(sandbox: { control: SandboxDriver }): DemoSeed {
  const control = sandbox.control;
  const accounts = control.state.accounts;
  const existing = accounts.sellers.get(DEMO_PHONE);
  if (existing)
    return describe(
      control,
      existing.cabinets.map((c) => c.supplierId),
    );

  const seller = control.createSeller({ phone: DEMO_PHONE, cabinets: ["ИП Демо Продавец"] });
  const supplierId = seller.cabinets[0]?.supplierId;
  if (supplierId === undefined) throw new Error("demo seller has no cabinet");
  for (const w of WANTED) control.createPreorder({ supplierId, ...w });
  const date = dayToYmd(dayOf(control.now()) + 3);
  for (const w of WANTED) control.setCell({ ...w, date, coefficient: 0, capacity: 2 });
  control.createDraft({ supplierId });
  return describe(control, [supplierId]);
}

function describe(control: SandboxDriver, supplierIds: readonly number[]): DemoSeed {
  const accounts = control.state.accounts;
  const cabinets = supplierIds.flatMap((id) => {
    const c = accounts.cabinets.get(id);
    return c ? [{ supplierId: c.supplierId, name: c.name, tokens: { ...c.tokens } }] : [];
  });
  const preorders = supplierIds.flatMap((id) =>
    control
      .supplies(id)
      .map((s) => ({ preorderId: s.preorderId, supplierId: id, warehouseId: s.warehouseId, boxTypeId: s.boxTypeId })),
  );
  const drafts = [...accounts.drafts.values()]
    .filter((d) => supplierIds.includes(d.supplierId))
    .map((d) => ({ draftId: d.draftId, supplierId: d.supplierId }));
  return { phone: DEMO_PHONE, cabinets, preorders, drafts };
}
