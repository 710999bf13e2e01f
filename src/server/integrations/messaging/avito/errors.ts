// How Avito's answers become ProviderErrors. Avito publishes no error or limit page, so the envelopes are
// read tolerantly: `{"error":{"code","message"}}` from the API, OAuth-style `{"error","error_description"}`
// from /token, and anything else falls back to the HTTP status (PROTOCOLS.md §6, "Errors and rate limits").
import type { z } from "zod";
import { ProviderError, type ProviderResponse, retryAfterMs } from "../../../platform/http-client.ts";

export const AVITO = "avito";

/** A 429 without `Retry-After` on the messenger and core APIs: no documented value, so a cautious guess. */
export const DEFAULT_RETRY_AFTER_MS = 10_000;
/** A 429 without `Retry-After` on stats v2: third-party code reports 1 request per minute and waits 61 s. */
export const STATS_V2_RETRY_AFTER_MS = 61_000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

const asText = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const asCode = (value: unknown) =>
  typeof value === "string" || typeof value === "number" ? value : undefined;

/** 408, 429 and 5xx can pass by themselves; every other 4xx (bad request, 403, 404…) will not. */
export function isRetryableStatus(status: number) {
  return status === 408 || status === 429 || status >= 500;
}

function waitFor(res: ProviderResponse, defaultRetryMs: number) {
  const header = retryAfterMs(res.headers.get("retry-after"));
  return res.status === 429 ? (header ?? defaultRetryMs) : header;
}

/** A non-2xx answer of the API (not /token) as a ProviderError with Avito's own code and message. */
export function apiError(res: ProviderResponse, defaultRetryMs = DEFAULT_RETRY_AFTER_MS): ProviderError {
  const body = parseJson(res.text);
  const error = field(body, "error");
  // Some gateways answer `{"message": …}` or `{"result":{"message": …}}` instead of the error envelope.
  const message =
    asText(field(error, "message")) ??
    asText(error) ??
    asText(field(body, "message")) ??
    asText(field(field(body, "result"), "message")) ??
    `Avito answered HTTP ${res.status}`;
  return new ProviderError(AVITO, message, {
    status: res.status,
    code: asCode(field(error, "code")) ?? res.status,
    retryAfterMs: waitFor(res, defaultRetryMs),
    permanent: !isRetryableStatus(res.status),
  });
}

/** An OAuth error envelope (`{"error":"invalid_client",…}`), which some servers send with a 200. */
export function isOAuthError(text: string) {
  return typeof field(parseJson(text), "error") === "string";
}

/**
 * A refusal from /token. Any 4xx other than 429 means the client id or secret is wrong or revoked, which
 * only the user can fix; an `error` field inside a 2xx counts as a refusal too.
 */
export function tokenError(res: ProviderResponse): ProviderError {
  const body = parseJson(res.text);
  const code = asText(field(body, "error"));
  const message =
    asText(field(body, "error_description")) ?? code ?? `Avito refused the credentials (HTTP ${res.status})`;
  const ok = res.status >= 200 && res.status < 300;
  return new ProviderError(AVITO, message, {
    status: res.status,
    code: code ?? res.status,
    retryAfterMs: waitFor(res, DEFAULT_RETRY_AFTER_MS),
    permanent: ok || !isRetryableStatus(res.status),
  });
}

/**
 * Reads a 2xx body with the schema. An unreadable answer is retryable for reads, but permanent for writes
 * that are not idempotent: Avito probably did the thing (a message went out), and a retry would repeat it.
 */
export function readBody<T>(res: ProviderResponse, schema: z.ZodType<T>, idempotent: boolean): T {
  const parsed = schema.safeParse(parseJson(res.text));
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join(".") || "body";
  throw new ProviderError(AVITO, `Avito sent an answer that cannot be read (at ${where})`, {
    status: res.status,
    code: "malformed_response",
    permanent: !idempotent,
  });
}
