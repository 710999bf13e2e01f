/** Every error code the API answers with, and its HTTP status. Codes are stable: clients match on them. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  plan_limit: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_in_use: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  db_unavailable: 503,
  schema_out_of_date: 503,
  timeout: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error the API reports to its caller as `{"error":{"code","message","details"}}`. */
export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Extra response headers, such as `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You are not allowed to do this") => new AppError("forbidden", message);
export const unauthenticated = () => new AppError("unauthenticated", "Sign in or send an API key");

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** PostgreSQL SQLSTATE codes the API translates, and what a caller sees for each. */
const PG_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  "23505": { code: "conflict", message: "A record with the same unique value already exists" },
  "23503": { code: "conflict", message: "The record refers to, or is referred to by, another record" },
  "23502": { code: "validation_failed", message: "A required value is missing" },
  "23514": { code: "validation_failed", message: "A value breaks a rule of the data" },
  "22P02": { code: "validation_failed", message: "A value has the wrong format" },
  "22001": { code: "validation_failed", message: "A value is too long" },
  "42P01": { code: "schema_out_of_date", message: "The database schema is out of date" },
  "42703": { code: "schema_out_of_date", message: "The database schema is out of date" },
  "42704": { code: "schema_out_of_date", message: "The database schema is out of date" },
  "57014": { code: "timeout", message: "The database took too long to answer" },
  "57P01": { code: "db_unavailable", message: "The database is restarting" },
  "57P03": { code: "db_unavailable", message: "The database is starting up" },
  "53300": { code: "db_unavailable", message: "The database has no free connections" },
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);

export interface DatabaseErrorInfo {
  code: ErrorCode;
  message: string;
  sqlState?: string;
  /** For undefined-object errors: the relation or column named by PostgreSQL. */
  relation?: string;
  constraint?: string;
}

/**
 * Recognises a PostgreSQL or connection error anywhere in an error's cause chain (Drizzle wraps the
 * driver's error). Returns null for anything else.
 */
export function classifyDatabaseError(err: unknown): DatabaseErrorInfo | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== "object") break;
    const { code, message, constraint } = e as { code?: unknown; message?: unknown; constraint?: unknown };
    if (typeof code !== "string") continue;
    const known = PG_ERRORS[code];
    if (known) {
      const info: DatabaseErrorInfo = { ...known, sqlState: code };
      if (known.code === "schema_out_of_date" && typeof message === "string") {
        info.relation = message.match(/"([^"]+)"/)?.[1];
      }
      if (typeof constraint === "string") info.constraint = constraint;
      return info;
    }
    if (code.startsWith("08") || NETWORK_CODES.has(code)) {
      return { code: "db_unavailable", message: "The database is unreachable" };
    }
  }
  if (
    err instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect/i.test(err.message)
  ) {
    return { code: "db_unavailable", message: "The database is unreachable" };
  }
  return null;
}
