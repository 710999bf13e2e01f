// How a Graph API answer becomes a ProviderError. Meta says to key handling on `error.code` (and
// `error_data.details`), not on the HTTP status, which is usually 400 even for rate limits.
import { ProviderError, retryAfterMs } from "../../../platform/http-client.ts";

export const PROVIDER = "whatsapp";

/** The 24-hour customer-service window is closed: only a template can reach the user now. */
export const WINDOW_CLOSED = 131047;
/** The access token is invalid, expired or revoked: the channel needs new credentials. */
export const TOKEN_INVALID = 190;

interface CodeRule {
  meaning: string;
  /** A later identical request can succeed (rate limits, Meta's transient failures). */
  retry: boolean;
  /** Fallback wait when the answer has no `Retry-After` header. */
  retryAfterMs?: number;
  /** false: PROTOCOLS.md marks it unconfirmed, or it comes from memory and is not in PROTOCOLS.md. */
  confirmed: boolean;
}

/**
 * The Graph error codes we decide on. Codes not listed here fall back to the HTTP status: 429 and 5xx
 * retry, any other 4xx is permanent (Graph refused this request and will refuse it again).
 * Entries with `confirmed: false` are the ones to correct first when Meta's behaviour disagrees.
 */
export const GRAPH_ERROR_CODES: Readonly<Record<number, CodeRule>> = {
  [WINDOW_CLOSED]: { meaning: "re-engagement: the 24-hour window is closed", retry: false, confirmed: false },
  131026: { meaning: "message undeliverable", retry: false, confirmed: false },
  // Meta caps marketing templates per user and day: a retry within the hour only burns the budget.
  131049: { meaning: "per-user marketing limit", retry: false, confirmed: true },
  [TOKEN_INVALID]: { meaning: "invalid or expired access token", retry: false, confirmed: false },
  100: { meaning: "invalid parameter", retry: false, confirmed: false },
  130429: { meaning: "throughput limit of the number reached", retry: true, confirmed: true },
  131048: { meaning: "spam rate limit hit", retry: true, confirmed: false },
  // About one message per 6 s to the same user (PROTOCOLS.md), hence the fallback wait.
  131056: { meaning: "pair rate limit", retry: true, retryAfterMs: 6_000, confirmed: true },
  4: { meaning: "app-level request limit", retry: true, confirmed: false },
  80007: { meaning: "WABA-level request limit", retry: true, confirmed: false },
  1: { meaning: "unknown API error", retry: true, confirmed: false },
  2: { meaning: "API service temporarily unavailable", retry: true, confirmed: false },
  131000: { meaning: "something went wrong at Meta", retry: true, confirmed: false },
  131016: { meaning: "service unavailable", retry: true, confirmed: false },
};

/** The `error` object of Graph's envelope (`{"error":{…}}`); only `message` and `code` are certain. */
export interface GraphError {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product?: string; details?: string };
  fbtrace_id?: string;
}

function asGraphError(body: unknown): GraphError | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const error = body.error;
  if (typeof error !== "object" || error === null) return undefined;
  const { message, code } = error as Record<string, unknown>;
  if (typeof message !== "string" || typeof code !== "number") return undefined;
  return error as GraphError;
}

/** Whether retrying the same request can help, by Graph code first and HTTP status second. */
export function isRetryable(code: number | undefined, status: number): boolean {
  const rule = code === undefined ? undefined : GRAPH_ERROR_CODES[code];
  if (rule) return rule.retry;
  return status === 0 || status === 429 || status >= 500;
}

/** Graph's error envelope (already parsed) as a ProviderError, or undefined when the body is not one. */
export function graphError(status: number, headers: Headers, body: unknown): ProviderError | undefined {
  const error = asGraphError(body);
  if (!error) return undefined;
  const retry = isRetryable(error.code, status);
  const details = error.error_data?.details;
  const trace = error.fbtrace_id ? ` [fbtrace_id ${error.fbtrace_id}]` : "";
  return new ProviderError(PROVIDER, `${error.message}${details ? `: ${details}` : ""}${trace}`, {
    status,
    code: error.code,
    permanent: !retry,
    retryAfterMs: retry
      ? (retryAfterMs(headers.get("retry-after")) ?? GRAPH_ERROR_CODES[error.code]?.retryAfterMs)
      : undefined,
  });
}

/**
 * An answer that is not what Graph sends. On a 2xx (a cut body) or a 429/5xx (a proxy's error page)
 * another try can work; a 3xx or an unexplained 4xx (a wrong base URL) will not change.
 */
export function malformed(status: number, headers: Headers, what: string): ProviderError {
  const ok = status >= 200 && status < 300;
  const retry = ok || isRetryable(undefined, status);
  return new ProviderError(PROVIDER, `WhatsApp answered ${status} with ${what}`, {
    status,
    code: "malformed_response",
    permanent: !retry,
    retryAfterMs: retry ? retryAfterMs(headers.get("retry-after")) : undefined,
  });
}

/** A send that failed because the 24-hour window is closed: fall back to a template. */
export function isWindowClosed(err: unknown): boolean {
  return err instanceof ProviderError && err.details.code === WINDOW_CLOSED;
}

/** The credentials no longer work: mark the channel as needing reconnection instead of retrying. */
export function isAuthFailure(err: unknown): boolean {
  return err instanceof ProviderError && (err.details.code === TOKEN_INVALID || err.status === 401);
}
