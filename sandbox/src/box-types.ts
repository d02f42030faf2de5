/**
 * WB box types. QR supplies have no `boxTypeID` in the feed at all, so the sandbox keys them with
 * 0 internally and leaves the field out on the wire.
 */
export const BOX = 2;
export const MONOPALLET = 5;
export const SUPERSAFE = 6;
export const QR = 0;

export type BoxTypeId = typeof BOX | typeof MONOPALLET | typeof SUPERSAFE | typeof QR;

export const BOX_TYPE_IDS: readonly BoxTypeId[] = [BOX, MONOPALLET, SUPERSAFE, QR];

export const BOX_TYPE_NAMES: Record<BoxTypeId, string> = {
  [BOX]: "Короба",
  [MONOPALLET]: "Монопаллеты",
  [SUPERSAFE]: "Суперсейф",
  [QR]: "QR-поставка с коробами",
};

export function isBoxTypeId(value: unknown): value is BoxTypeId {
  return typeof value === "number" && (BOX_TYPE_IDS as readonly number[]).includes(value);
}

/** Control-API and scenario input: `null` also means QR, as WB's own absence of the field does. */
export function toBoxTypeId(value: number | null | undefined): BoxTypeId | undefined {
  if (value === null) return QR;
  return isBoxTypeId(value) ? value : undefined;
}
