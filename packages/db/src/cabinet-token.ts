import { createHash } from "node:crypto";
import { seal, unseal } from "./secret-box.ts";

/** Finds a token already connected without storing or decrypting it. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

// The associated data binds a ciphertext to its cabinet row (organization + fingerprint).
const context = (organizationId: number, fingerprint: string) => `cabinet-token:${organizationId}:${fingerprint}`;

export function sealCabinetToken(key: Buffer, organizationId: number, token: string) {
  const fingerprint = tokenFingerprint(token);
  return { token_sealed: seal(key, token, context(organizationId, fingerprint)), token_fingerprint: fingerprint };
}

/** The WB API token of a cabinet row. Throws if the row was tampered with or the key is wrong. */
export function openCabinetToken(
  key: Buffer,
  row: { organization_id: number; token_sealed: Buffer; token_fingerprint: string },
): string {
  return unseal(key, row.token_sealed, context(row.organization_id, row.token_fingerprint));
}

/** The cabinet's WB API token, or null for a cabinet connected by portal login alone. */
export function cabinetToken(
  key: Buffer,
  row: { organization_id: number; token_sealed: Buffer | null; token_fingerprint: string | null },
): string | null {
  if (row.token_sealed === null || row.token_fingerprint === null) return null;
  return openCabinetToken(key, { ...row, token_sealed: row.token_sealed, token_fingerprint: row.token_fingerprint });
}
