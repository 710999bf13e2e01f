// An authenticated connection to the Avito API, shared by the messenger client (client.ts) and the stats
// client (stats.ts): it gets an OAuth2 client-credentials token, caches it until shortly before it
// expires, and on a 401 refreshes it once and repeats the call once (PROTOCOLS.md §6, "Auth").
import { z } from "zod";
import { providerRequest } from "../../../platform/http-client.ts";
import { AVITO, apiError, DEFAULT_RETRY_AFTER_MS, isOAuthError, readBody, tokenError } from "./errors.ts";

export const AVITO_BASE_URL = "https://api.avito.ru";
/** Stop using a token this long before Avito says it expires (at most a tenth of its lifetime). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** When /token omits `expires_in`: the lifetime third-party code reports (24 h). */
export const DEFAULT_TOKEN_LIFETIME_S = 86_400;

export interface AvitoToken {
  accessToken: string;
  /** Epoch ms after which the token is not used any more (already shortened by the refresh margin). */
  expiresAt: number;
}

/**
 * Where tokens live between calls, keyed per application (base URL and client id). Pass one cache to
 * every client of a process so that jobs share a token instead of asking /token each time.
 */
export interface AvitoTokenCache {
  get(key: string): AvitoToken | undefined | Promise<AvitoToken | undefined>;
  set(key: string, token: AvitoToken | undefined): void | Promise<void>;
}

export function memoryTokenCache(): AvitoTokenCache {
  const tokens = new Map<string, AvitoToken>();
  return {
    get: (key) => tokens.get(key),
    set: (key, token) => {
      if (token) tokens.set(key, token);
      else tokens.delete(key);
    },
  };
}

export interface AvitoClientOptions {
  /** Defaults to the real API; tests point it at the fake. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Per request, including the token request. */
  timeoutMs?: number;
  /** Defaults to a cache private to this client. */
  tokenCache?: AvitoTokenCache;
  /** The clock, for tests of token expiry. */
  now?: () => number;
}

export interface AvitoCall<T> {
  method: "GET" | "POST";
  /** The path with its version, e.g. `/messenger/v1/accounts/1/chats/x/read`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  schema: z.ZodType<T>;
  /** False for calls whose repetition has an effect (sending a message): see `readBody`. */
  idempotent: boolean;
  /** The wait a 429 without `Retry-After` implies for this endpoint. */
  defaultRetryMs?: number;
}

export interface AvitoSession {
  call<T>(call: AvitoCall<T>): Promise<T>;
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
});

function urlFor(baseUrl: string, path: string, query: AvitoCall<unknown>["query"] = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${baseUrl.replace(/\/+$/, "")}${path}${search ? `?${search}` : ""}`;
}

export function createAvitoSession(options: AvitoClientOptions): AvitoSession {
  const baseUrl = options.baseUrl ?? AVITO_BASE_URL;
  const cache = options.tokenCache ?? memoryTokenCache();
  const now = options.now ?? Date.now;
  const key = `${baseUrl}|${options.clientId}`;
  // One token request at a time: concurrent calls that find no token wait for the same answer.
  let pending: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const res = await providerRequest({
      provider: AVITO,
      url: urlFor(baseUrl, "/token"),
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: options.clientSecret,
      }),
      timeoutMs: options.timeoutMs,
    });
    if (res.status < 200 || res.status >= 300 || isOAuthError(res.text)) throw tokenError(res);
    const answer = readBody(res, tokenAnswer, true);
    const lifetimeMs = (answer.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 10);
    await cache.set(key, { accessToken: answer.access_token, expiresAt: now() + lifetimeMs - margin });
    return answer.access_token;
  }

  /** A usable token; `rejected` is one the API has just refused, so it must not be handed out again. */
  async function token(rejected?: string): Promise<string> {
    const cached = await cache.get(key);
    if (cached && cached.expiresAt > now() && cached.accessToken !== rejected) return cached.accessToken;
    if (!pending) {
      if (cached) await cache.set(key, undefined);
      pending = requestToken().finally(() => {
        pending = undefined;
      });
    }
    return pending;
  }

  function send(call: AvitoCall<unknown>, accessToken: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
    if (call.json !== undefined) headers["content-type"] = "application/json";
    return providerRequest({
      provider: AVITO,
      url: urlFor(baseUrl, call.path, call.query),
      method: call.method,
      headers,
      body: call.json === undefined ? undefined : JSON.stringify(call.json),
      timeoutMs: options.timeoutMs,
    });
  }

  return {
    async call<T>(call: AvitoCall<T>): Promise<T> {
      const first = await token();
      let res = await send(call, first);
      // The token died early (revoked, or the clock drifted): a fresh one, and the call once more.
      if (res.status === 401) res = await send(call, await token(first));
      if (res.status < 200 || res.status >= 300) {
        throw apiError(res, call.defaultRetryMs ?? DEFAULT_RETRY_AFTER_MS);
      }
      return readBody(res, call.schema, call.idempotent);
    },
  };
}
