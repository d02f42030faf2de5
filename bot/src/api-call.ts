import type { ErrorBody } from "@slotpilot/api/client";
import { isUnavailableBySetup } from "@slotpilot/domain";

type FieldProblem = { field: string; message: string };

/** The API refused a call; `message` is already localized for the user. */
export class ApiCallError extends Error {
  override name = "ApiCallError";
  readonly code: string;
  readonly status: number;
  /** `request.invalid`: each bad field with its own message. */
  readonly fields: FieldProblem[] | undefined;

  constructor(code: string, message: string, status: number, fields?: FieldProblem[]) {
    super(message);
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}

/**
 * A refusal the user must read, that another try would only repeat: the API's 4xx, or a 5xx whose
 * code says this service is set up without the thing asked for (Stars refunds in the demo, say).
 * Anything else from the API (the database away, a 500) may pass.
 */
export function isRefusal(err: ApiCallError): boolean {
  return err.status < 500 || isUnavailableBySetup(err.code);
}

/** The body of a successful API response, or an ApiCallError carrying the API's own message. */
export async function unwrap<T>(response: { ok: boolean; status: number; json(): Promise<T> }): Promise<T> {
  // 204: nothing to read (a delete).
  if (response.ok) return response.status === 204 ? (undefined as T) : response.json();
  const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
  const fields = body?.error.fields?.map((f) => ({ field: f.field, message: f.message }));
  throw new ApiCallError(body?.error.code ?? "internal", body?.error.message ?? "", response.status, fields);
}

/** The bytes of a successful binary response (a PNG), or the same ApiCallError as `unwrap`. */
export async function unwrapBytes(response: {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}): Promise<Uint8Array> {
  if (response.ok) return new Uint8Array(await response.arrayBuffer());
  return unwrap(response) as never;
}
