// One typed error for every failure a client can see; renders the API.md error body.
export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "agent_suspended"
  | "agent_retired"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unsupported_media_type"
  | "method_not_allowed"
  | "service_unavailable"
  | "internal_error"
  | (string & {});

export class AppError extends Error {
  constructor(
    public status: number,
    public code: ErrorCode,
    message: string,
    public details?: unknown,
    public headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, "invalid_request", message, details);
export const unauthorized = (message = "A valid bearer token is required.") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "This token may not do that.") => new AppError(403, "forbidden", message);
export const notFound = (message = "Not found.") => new AppError(404, "not_found", message);
export const conflict = (message: string, details?: unknown) => new AppError(409, "conflict", message, details);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(err: AppError): ErrorBody {
  return {
    error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) },
  };
}

/** Maps anything thrown to an AppError; unknown errors become a 500 without internals. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) {
    return new AppError(503, "service_unavailable", "The database is unavailable; retry shortly.", undefined, {
      "Retry-After": "1",
    });
  }
  console.error("[gatehouse] unexpected error:", err instanceof Error ? err.message : String(err));
  return new AppError(500, "internal_error", "Something went wrong on our side. It has been logged.");
}

const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03", "08006", "08001", "08003", "08000", "ETIMEDOUT", "EPIPE"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: string }).code;
    if (code && UNAVAILABLE_CODES.has(code)) return true;
    const msg = (e as { message?: string }).message ?? "";
    if (/Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i.test(msg)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** zod issues → the `details` of an invalid_request error. */
export function zodDetails(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  return issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
