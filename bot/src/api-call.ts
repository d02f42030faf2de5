import type { ErrorBody } from "@slotpilot/api/client";

/** The API refused a call; `message` is already localized for the user. */
export class ApiCallError extends Error {
  override name = "ApiCallError";
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** The body of a successful API response, or an ApiCallError carrying the API's own message. */
export async function unwrap<T>(response: { ok: boolean; status: number; json(): Promise<T> }): Promise<T> {
  if (response.ok) return response.json();
  const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
  throw new ApiCallError(body?.error.code ?? "internal", body?.error.message ?? "", response.status);
}
