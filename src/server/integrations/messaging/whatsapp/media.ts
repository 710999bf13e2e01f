// Downloading a media file from the URL Graph handed out. This needs the bytes, which providerRequest
// (text only) cannot give, so it keeps providerRequest's rules here: a timeout, no redirects followed,
// and every failure as a ProviderError.
import { ProviderError } from "../../../platform/http-client.ts";
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
  const timeoutMs = request.timeoutMs ?? MEDIA_TIMEOUT_MS;
  const maxBytes = request.maxBytes ?? MAX_MEDIA_BYTES;
  let res: Response;
  try {
    res = await fetch(request.url, {
      headers: { authorization: `Bearer ${request.accessToken}`, "user-agent": USER_AGENT },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    throw fail(
      timedOut ? `The media download took over ${timeoutMs} ms` : "The media host is unreachable",
      0,
      false,
    );
  }
  if (res.status !== 200) {
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {}
    throw (
      graphError(res.status, res.headers, body) ??
      fail(`The media download answered ${res.status}`, res.status, false, "media_download_failed")
    );
  }
  const tooBig = () => fail(`The media file is over ${maxBytes} bytes`, res.status, true, "media_too_large");
  if (Number(res.headers.get("content-length") ?? 0) > maxBytes) {
    await res.body?.cancel();
    throw tooBig();
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    throw fail(
      timedOut ? `The media download took over ${timeoutMs} ms` : "The media download broke off",
      0,
      false,
    );
  }
  if (bytes.byteLength > maxBytes) throw tooBig();
  return { bytes, contentType: res.headers.get("content-type") ?? "application/octet-stream" };
}
