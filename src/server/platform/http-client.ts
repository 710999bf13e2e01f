// The one way the server calls a provider: a timeout on every request, no redirects followed, and
// failures as ProviderError, which says whether trying again can help and when.

export interface ProviderErrorDetails {
  /** HTTP status, or 0 when no answer came (network, timeout). */
  status: number;
  /** The provider's own error code (Telegram `error_code`, WhatsApp `error.code`…). */
  code?: string | number;
  /** Wait this long before trying again (429 `retry_after`, `Retry-After`). */
  retryAfterMs?: number;
  /** Trying again cannot help (bad token, bot blocked, window closed…). */
  permanent: boolean;
}

export class ProviderError extends Error {
  override name = "ProviderError";
  readonly provider: string;
  readonly details: ProviderErrorDetails;

  constructor(provider: string, message: string, details: ProviderErrorDetails) {
    super(message);
    this.provider = provider;
    this.details = details;
  }

  get status() {
    return this.details.status;
  }
  get permanent() {
    return this.details.permanent;
  }
  get retryAfterMs() {
    return this.details.retryAfterMs;
  }
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** The body as text (JSON is parsed by the caller, which knows the provider's envelope). */
  text: string;
}

export interface ProviderRequest {
  provider: string;
  url: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: string | URLSearchParams | FormData | Uint8Array;
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends one request. Network errors and timeouts throw a retryable ProviderError; any answer resolves. */
export async function providerRequest(request: ProviderRequest): Promise<ProviderResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    // The body is read inside the same timeout: a provider that stalls mid-answer is as down as a silent one.
    const res = await fetch(request.url, {
      method: request.method ?? "GET",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    throw new ProviderError(
      request.provider,
      timedOut
        ? `${request.provider} did not answer in ${timeoutMs} ms`
        : `${request.provider} is unreachable`,
      { status: 0, permanent: false },
    );
  }
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
