import { seal, unseal } from "./secret-box.ts";

/**
 * Sealing for a cabinet's portal secrets. Each kind has its own associated data naming the row it
 * belongs to, so a value copied into another cabinet's row (or another column) does not decrypt.
 */
const storageContext = (organizationId: number, cabinetId: number) => `portal-storage:${organizationId}:${cabinetId}`;
const phoneContext = (organizationId: number, cabinetId: number) => `portal-phone:${organizationId}:${cabinetId}`;
const inputContext = (cabinetId: number, loginId: string) => `portal-input:${cabinetId}:${loginId}`;

export interface PortalRowRef {
  organizationId: number;
  cabinetId: number;
}

/** The browser state (cookies, localStorage, IndexedDB, sessionStorage) as the worker serialized it. */
export const sealPortalStorage = (key: Buffer, ref: PortalRowRef, json: string) =>
  seal(key, json, storageContext(ref.organizationId, ref.cabinetId));
export const openPortalStorage = (key: Buffer, ref: PortalRowRef, sealed: Buffer) =>
  unseal(key, sealed, storageContext(ref.organizationId, ref.cabinetId));

export const sealPortalPhone = (key: Buffer, ref: PortalRowRef, phone: string) =>
  seal(key, phone, phoneContext(ref.organizationId, ref.cabinetId));
export const openPortalPhone = (key: Buffer, ref: PortalRowRef, sealed: Buffer) =>
  unseal(key, sealed, phoneContext(ref.organizationId, ref.cabinetId));

/** The seller's pending answer (SMS code, captcha text, chosen cabinet), bound to one login. */
export const sealPortalInput = (key: Buffer, cabinetId: number, loginId: string, value: string) =>
  seal(key, value, inputContext(cabinetId, loginId));
export const openPortalInput = (key: Buffer, cabinetId: number, loginId: string, sealed: Buffer) =>
  unseal(key, sealed, inputContext(cabinetId, loginId));

/** How a phone is shown back to its owner: `+7 999 ***-**-01`. */
export function phoneHint(phone: string): string {
  const digits = phone.replace(/\D/g, "").slice(-10);
  return `+7 ${digits.slice(0, 3)} ***-**-${digits.slice(-2)}`;
}
