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
  /** Cuts the request short (a poller being stopped); combined with the timeout. */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** What `providerBytes` reads at most unless told otherwise. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface ProviderBytesResponse {
  status: number;
  headers: Headers;
  /** The body as it came (an error answer too: decode it with `bodyText`). */
  bytes: Uint8Array;
}

/** A bytes answer's body as text, for reading a provider's error envelope. */
export const bodyText = (res: ProviderBytesResponse) => new TextDecoder().decode(res.bytes);

/** Sends one request. Network errors and timeouts throw a retryable ProviderError; any answer resolves. */
export async function providerRequest(request: ProviderRequest): Promise<ProviderResponse> {
  // The body is read inside the same timeout: a provider that stalls mid-answer is as down as a silent one.
  return send(request, async (res) => ({ status: res.status, headers: res.headers, text: await res.text() }));
}

/**
 * Like providerRequest, but the body comes as bytes (files). A body over `maxBytes` (announced or
 * counted while reading) is a permanent ProviderError with code `too_large`: downloading again cannot
 * make the file smaller.
 */
export async function providerBytes(
  request: ProviderRequest & { maxBytes?: number },
): Promise<ProviderBytesResponse> {
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_BYTES;
  const tooLarge = (status: number) =>
    new ProviderError(request.provider, `${request.provider} sent a file over ${maxBytes} bytes`, {
      status,
      code: "too_large",
      permanent: true,
    });
  return send(request, async (res) => {
    if (Number(res.headers.get("content-length") ?? 0) > maxBytes) {
      await res.body?.cancel();
      throw tooLarge(res.status);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.byteLength;
      // A body without Content-Length (or one that lies) is cut off as soon as it passes the cap.
      if (size > maxBytes) throw tooLarge(res.status);
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return { status: res.status, headers: res.headers, bytes };
  });
}

async function send<T>(request: ProviderRequest, read: (res: Response) => Promise<T>): Promise<T> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(request.url, {
      method: request.method ?? "GET",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: request.signal ? AbortSignal.any([timeout, request.signal]) : timeout,
    });
    return await read(res);
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    const aborted = request.signal?.aborted === true;
    const timedOut = !aborted && timeout.aborted;
    throw new ProviderError(
      request.provider,
      aborted
        ? `the request to ${request.provider} was cancelled`
        : timedOut
          ? `${request.provider} did not answer in ${timeoutMs} ms`
          : `${request.provider} is unreachable`,
      { status: 0, permanent: false, ...(aborted && { code: "aborted" }) },
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
