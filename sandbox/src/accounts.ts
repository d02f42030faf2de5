import { randomBytes, randomUUID } from "node:crypto";
import type { BoxTypeId } from "./box-types.ts";
import type { TokenType } from "./rate-limit.ts";

export interface Cabinet {
  supplierId: number;
  name: string;
  phone: string;
  tokens: { personal: string; basic: string };
}

export interface Seller {
  phone: string;
  cabinets: Cabinet[];
}

export const SUPPLY_STATUS = {
  notPlanned: 1,
  planned: 2,
  shippingAllowed: 3,
  accepting: 4,
  accepted: 5,
  shippedAtGates: 6,
} as const;

export const STATUS_NAMES: Record<number, string> = {
  1: "Не запланировано",
  2: "Запланировано",
  3: "Отгрузка разрешена",
  4: "Идёт приёмка",
  5: "Принято",
  6: "Отгружено на воротах",
};

/** A preorder until a date is planned; then it also gets a supply ID, like on WB. */
export interface Supply {
  preorderId: number;
  supplyId: number | null;
  supplierId: number;
  phone: string;
  warehouseId: number;
  transitWarehouseId: number | null;
  boxTypeId: BoxTypeId;
  /** "Поштучная паллета": boxes delivered on a pallet (FBW methods carry it since 16 Mar 2026). */
  isBoxOnPallet: boolean;
  statusId: number;
  createdAt: number;
  updatedAt: number;
  supplyDay: number | null;
  draftId: string | null;
  quantity: number;
  paidAcceptanceCoefficient: number | null;
  acceptanceCost: number | null;
}

export interface Draft {
  draftId: string;
  supplierId: number;
  createdAt: number;
  goods: { barcode: string; quantity: number }[];
}

/** `+7` and the 10 digits after it, whatever the user typed around them; undefined if not a phone. */
export function normalizePhone(input: string): string | undefined {
  const digits = input.replace(/\D/g, "");
  if (digits.length === 10) return `+7${digits}`;
  if (digits.length === 11 && (digits.startsWith("7") || digits.startsWith("8"))) return `+7${digits.slice(1)}`;
  return undefined;
}

/** How WB prints a phone in supply lists: `+7 999 *** ** 01`. */
export function maskPhone(phone: string): string {
  return `+7 ${phone.slice(2, 5)} *** ** ${phone.slice(-2)}`;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** JWT-shaped like WB's tokens, but opaque: the sandbox only looks them up. */
function makeToken(supplierId: number, type: TokenType): string {
  const header = base64url({ alg: "ES256", kid: "20250101v1", typ: "JWT" });
  const payload = base64url({ acc: type === "personal" ? 1 : 3, id: randomUUID(), oid: supplierId, s: 1024, t: false });
  return `${header}.${payload}.${randomBytes(48).toString("base64url")}`;
}

/** What `Accounts` keeps across a restart of the sandbox's process (see `snapshot.ts`). */
export interface AccountsSnapshot {
  sellers: Seller[];
  supplies: Supply[];
  drafts: Draft[];
  next: { supplierId: number; preorderId: number; supplyId: number; phone: number };
}

/** Sellers, their cabinets and API tokens, and each cabinet's drafts and supplies. */
export class Accounts {
  readonly sellers = new Map<string, Seller>();
  readonly cabinets = new Map<number, Cabinet>();
  readonly tokens = new Map<string, { supplierId: number; type: TokenType }>();
  readonly supplies = new Map<number, Supply>();
  readonly drafts = new Map<string, Draft>();
  private nextSupplierId = 4_100_001;
  private nextPreorderId = 30_000_001;
  private nextSupplyId = 25_000_001;
  private nextPhone = 1;

  createSeller(input: { phone?: string; cabinets?: readonly string[] }): Seller {
    const phone = input.phone ?? this.freePhone();
    let seller = this.sellers.get(phone);
    if (!seller) {
      seller = { phone, cabinets: [] };
      this.sellers.set(phone, seller);
    }
    const names = input.cabinets ?? [`ИП Продавец ${this.nextSupplierId - 4_100_000}`];
    for (const name of names) this.addCabinet(seller, name);
    return seller;
  }

  createDraft(supplierId: number, now: number): Draft {
    const draft: Draft = { draftId: randomUUID(), supplierId, createdAt: now, goods: [] };
    this.drafts.set(draft.draftId, draft);
    return draft;
  }

  createPreorder(input: {
    supplierId: number;
    warehouseId: number;
    boxTypeId: BoxTypeId;
    transitWarehouseId?: number | null;
    draftId?: string | null;
    isBoxOnPallet?: boolean;
    now: number;
  }): Supply {
    const cabinet = this.cabinets.get(input.supplierId);
    if (!cabinet) throw new Error(`unknown supplier ${input.supplierId}`);
    const draft = input.draftId ? this.drafts.get(input.draftId) : undefined;
    const supply: Supply = {
      preorderId: this.nextPreorderId++,
      supplyId: null,
      supplierId: input.supplierId,
      phone: cabinet.phone,
      warehouseId: input.warehouseId,
      transitWarehouseId: input.transitWarehouseId ?? null,
      boxTypeId: input.boxTypeId,
      isBoxOnPallet: input.isBoxOnPallet ?? false,
      statusId: SUPPLY_STATUS.notPlanned,
      createdAt: input.now,
      updatedAt: input.now,
      supplyDay: null,
      draftId: input.draftId ?? null,
      quantity: draft?.goods.reduce((sum, g) => sum + g.quantity, 0) || 100,
      paidAcceptanceCoefficient: null,
      acceptanceCost: null,
    };
    this.supplies.set(supply.preorderId, supply);
    return supply;
  }

  /** The first planning of a preorder gives it a supply ID. */
  assignSupplyId(supply: Supply): number {
    supply.supplyId ??= this.nextSupplyId++;
    return supply.supplyId;
  }

  findBySupplyId(supplyId: number): Supply | undefined {
    for (const s of this.supplies.values()) if (s.supplyId === supplyId) return s;
    return undefined;
  }

  /** Removes an unplanned preorder; a planned one stays (its plan would have to be cancelled first). */
  deletePreorder(supplierId: number, preorderId: number): "deleted" | "not_found" | "planned" {
    const supply = this.supplies.get(preorderId);
    if (!supply || supply.supplierId !== supplierId) return "not_found";
    if (supply.statusId !== SUPPLY_STATUS.notPlanned) return "planned";
    this.supplies.delete(preorderId);
    return "deleted";
  }

  draftsOf(supplierId: number): Draft[] {
    return [...this.drafts.values()].filter((d) => d.supplierId === supplierId);
  }

  suppliesOf(supplierId: number): Supply[] {
    return [...this.supplies.values()].filter((s) => s.supplierId === supplierId);
  }

  private addCabinet(seller: Seller, name: string): Cabinet {
    const supplierId = this.nextSupplierId++;
    const cabinet: Cabinet = {
      supplierId,
      name,
      phone: seller.phone,
      tokens: { personal: makeToken(supplierId, "personal"), basic: makeToken(supplierId, "basic") },
    };
    seller.cabinets.push(cabinet);
    this.cabinets.set(supplierId, cabinet);
    this.tokens.set(cabinet.tokens.personal, { supplierId, type: "personal" });
    this.tokens.set(cabinet.tokens.basic, { supplierId, type: "basic" });
    return cabinet;
  }

  snapshot(): AccountsSnapshot {
    return {
      sellers: [...this.sellers.values()],
      supplies: [...this.supplies.values()],
      drafts: [...this.drafts.values()],
      next: {
        supplierId: this.nextSupplierId,
        preorderId: this.nextPreorderId,
        supplyId: this.nextSupplyId,
        phone: this.nextPhone,
      },
    };
  }

  /** The accounts a snapshot describes: the same sellers, tokens, supplies and drafts, the same next ids. */
  static fromSnapshot(snapshot: AccountsSnapshot): Accounts {
    const accounts = new Accounts();
    for (const seller of snapshot.sellers) {
      accounts.sellers.set(seller.phone, seller);
      for (const cabinet of seller.cabinets) {
        accounts.cabinets.set(cabinet.supplierId, cabinet);
        accounts.tokens.set(cabinet.tokens.personal, { supplierId: cabinet.supplierId, type: "personal" });
        accounts.tokens.set(cabinet.tokens.basic, { supplierId: cabinet.supplierId, type: "basic" });
      }
    }
    for (const supply of snapshot.supplies) accounts.supplies.set(supply.preorderId, supply);
    for (const draft of snapshot.drafts) accounts.drafts.set(draft.draftId, draft);
    accounts.nextSupplierId = snapshot.next.supplierId;
    accounts.nextPreorderId = snapshot.next.preorderId;
    accounts.nextSupplyId = snapshot.next.supplyId;
    accounts.nextPhone = snapshot.next.phone;
    return accounts;
  }

  private freePhone(): string {
    for (;;) {
      const phone = `+7999${String(this.nextPhone++).padStart(7, "0")}`;
      if (!this.sellers.has(phone)) return phone;
    }
  }
}
