// Downloading a media file from the URL Graph handed out, through providerBytes (a timeout, no redirects
// followed, a size cap, every failure as a ProviderError), and only to Meta's hosts.
import { bodyText, ProviderError, providerBytes } from "../../../platform/http-client.ts";
import { graphError, PROVIDER } from "./errors.ts";
import type { WhatsAppDownloadedMedia } from "./types.ts";

/**
 * Hosts Graph serves media from. The access token goes only to these (over https) or to the configured
 * Graph base URL, so a wrong URL cannot leak it. [unconfirmed: lookaside.fbsbx.com is documented, the
 * others are seen in the wild; grow by Meta domain suffix, never to an arbitrary host]
 */
export const MEDIA_HOST_SUFFIXES = [".fbsbx.com", ".fbcdn.net", ".whatsapp.net"] as const;

/** WhatsApp's largest media (documents) is 100 MB. */
export const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

// Files are bigger than API answers, so they get more time.
export const MEDIA_TIMEOUT_MS = 60_000;

// Meta's media host answers requests without a User-Agent with an error page (seen by SDK authors).
const USER_AGENT = "FlameCRM/1.0";

export interface DownloadRequest {
  url: string;
  accessToken: string;
  /** The Graph base URL the client uses; media on its origin is allowed (the fake serves it there). */
  baseUrl: string;
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

function fail(message: string, status: number, permanent: boolean, code?: string): ProviderError {
  return new ProviderError(PROVIDER, message, { status, code, permanent });
}

export function isAllowedMediaUrl(url: string, baseUrl: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.origin === new URL(baseUrl).origin) return true;
  return target.protocol === "https:" && MEDIA_HOST_SUFFIXES.some((s) => target.hostname.endsWith(s));
}

/** Fetches the file with the Bearer token. Failures other than a refused host or size are retryable:
 * a fresh URL from `getMediaUrl` (they expire within minutes) usually fixes them. */
export async function downloadMediaBytes(request: DownloadRequest): Promise<WhatsAppDownloadedMedia> {
  if (!isAllowedMediaUrl(request.url, request.baseUrl)) {
    const host = URL.canParse(request.url) ? new URL(request.url).host : "an unreadable URL";
    throw fail(`Refusing to send the access token to ${host}`, 0, true, "media_host_not_allowed");
  }
  const maxBytes = request.maxBytes ?? MAX_MEDIA_BYTES;
  let res: Awaited<ReturnType<typeof providerBytes>>;
  try {
    res = await providerBytes({
      provider: PROVIDER,
      url: request.url,
      headers: { authorization: `Bearer ${request.accessToken}`, "user-agent": USER_AGENT },
      timeoutMs: request.timeoutMs ?? MEDIA_TIMEOUT_MS,
      maxBytes,
      signal: request.signal,
    });
  } catch (err) {
    if (err instanceof ProviderError && err.details.code === "too_large") {
      throw fail(`The media file is over ${maxBytes} bytes`, err.status, true, "media_too_large");
    }
    throw err;
  }
  if (res.status !== 200) {
    let body: unknown;
    try {
      body = JSON.parse(bodyText(res));
    } catch {}
    throw (
      graphError(res.status, res.headers, body) ??
      fail(`The media download answered ${res.status}`, res.status, false, "media_download_failed")
    );
  }
  return { bytes: res.bytes, contentType: res.headers.get("content-type") ?? "application/octet-stream" };
}
