// МойСклад JSON API 1.2 (PROTOCOLS.md §3): gzip on every call, Bearer or Basic auth, limit/offset paging
// that follows meta.size, Moscow-time timestamps, and the rate limits kept: at most 5 requests in flight,
// a pause when X-RateLimit-Remaining runs out, and 429s waited out for X-Lognex-Retry-After
// milliseconds. 5xx answers and timeouts are retried with backoff; other 4xx are not (a repeated failing
// request can get the account banned).
import { ProviderError, providerRequest } from "../../../platform/http-client.ts";

export const PROVIDER = "MoySklad";
const PAGE = 1000;
/** 429s one request waits out before it gives up (each waits as long as MoySklad says). */
const MAX_RATE_LIMIT_WAITS = 100;

export type MoySkladAuth = { token: string } | { login: string; password: string };

export interface MoySkladOptions {
  baseUrl: string;
  auth: MoySkladAuth;
  /** Sent as X-Lognex-WebHook-DisableByPrefix on writes: our own changes fire no webhook back at us. */
  ownUrlPrefix?: string;
  maxParallel?: number;
  /** Tries of a request that failed with 5xx or no answer. */
  attempts?: number;
  /** The first backoff; doubled per try, with jitter. */
  backoffMs?: number;
  timeoutMs?: number;
}

export interface Meta {
  href: string;
  type: string;
  size?: number;
  limit?: number;
  offset?: number;
  nextHref?: string;
}
export type Entity = { meta: Meta; id: string; updated?: string } & Record<string, unknown>;
export interface ListAnswer<T = Entity> {
  meta: Meta;
  rows: T[];
}

const authHeader = (auth: MoySkladAuth) =>
  "token" in auth
    ? `Bearer ${auth.token}`
    : `Basic ${Buffer.from(`${auth.login}:${auth.password}`).toString("base64")}`;

/** The first error title in MoySklad's `{errors:[{error, code}]}` envelope. */
function errorOf(text: string): { message: string | null; code: number | undefined } {
  try {
    const [first] = (JSON.parse(text) as { errors?: { error?: string; code?: number }[] }).errors ?? [];
    return { message: first?.error ?? null, code: first?.code };
  } catch {
    return { message: null, code: undefined };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type MoySkladClient = ReturnType<typeof createMoySkladClient>;

export function createMoySkladClient(options: MoySkladOptions) {
  const base = options.baseUrl.replace(/\/+$/, "");
  const maxParallel = options.maxParallel ?? 5;
  const attempts = options.attempts ?? 6;
  const backoffMs = options.backoffMs ?? 500;
  const stats = { requests: 0, retries: 0, rateLimited: 0 };
  let running = 0;
  const waiting: (() => void)[] = [];
  /** Until when the rate window is spent (X-RateLimit-Remaining 0, or a 429). */
  let pausedUntil = 0;

  async function slot() {
    while (running >= maxParallel) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  }
  function release() {
    running -= 1;
    waiting.shift()?.();
  }

  async function request<T>(
    method: "GET" | "POST" | "PUT" | "DELETE",
    pathOrHref: string,
    init: { query?: Record<string, string | number | undefined>; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(pathOrHref.startsWith("http") ? pathOrHref : `${base}${pathOrHref}`);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      authorization: authHeader(options.auth),
      "accept-encoding": "gzip",
      accept: "application/json;charset=utf-8",
    };
    if (init.body !== undefined) headers["content-type"] = "application/json;charset=utf-8";
    if (method !== "GET" && options.ownUrlPrefix) {
      headers["x-lognex-webhook-disablebyprefix"] = options.ownUrlPrefix;
    }
    let failures = 0;
    let waits = 0;
    for (;;) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      await slot();
      let failure: ProviderError;
      try {
        stats.requests += 1;
        const res = await providerRequest({
          provider: PROVIDER,
          url: url.toString(),
          method,
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          timeoutMs: options.timeoutMs ?? 30_000,
        });
        // Spend the window evenly: when it is used up, wait for its reset before the next request.
        if (res.headers.get("x-ratelimit-remaining") === "0") {
          const reset = Number(res.headers.get("x-lognex-reset") ?? 1000);
          pausedUntil = Math.max(pausedUntil, Date.now() + (Number.isFinite(reset) ? reset : 1000));
        }
        if (res.status >= 200 && res.status < 300) {
          return (res.text ? JSON.parse(res.text) : null) as T;
        }
        const { message, code } = errorOf(res.text);
        const retryAfter = Number(res.headers.get("x-lognex-retry-after"));
        failure = new ProviderError(
          PROVIDER,
          message ??
            (res.status === 415
              ? "MoySklad wants Accept-Encoding: gzip"
              : `MoySklad answered HTTP ${res.status}`),
          {
            status: res.status,
            code,
            permanent: res.status !== 429 && res.status < 500,
            retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
          },
        );
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        failure = err;
      } finally {
        release();
      }
      if (failure.permanent) throw failure;
      if (failure.status === 429) {
        // Waiting out the limit is not a failed try: the answer says exactly when to come back.
        stats.rateLimited += 1;
        waits += 1;
        if (waits > MAX_RATE_LIMIT_WAITS) throw failure;
        pausedUntil = Math.max(pausedUntil, Date.now() + (failure.retryAfterMs ?? 1000));
        continue;
      }
      failures += 1;
      if (failures >= attempts) throw failure;
      stats.retries += 1;
      await sleep(backoffMs * 2 ** (failures - 1) * (0.75 + Math.random() / 2));
    }
  }

  /**
   * One page of a list: `limit` rows from `offset`, in `updated` order (then id, so that paging is
   * stable), optionally filtered (`updated>=2024-06-01 00:00:00`).
   */
  function list<T = Entity>(
    path: string,
    query: { filter?: string; offset?: number; limit?: number; expand?: string; order?: string } = {},
  ) {
    return request<ListAnswer<T>>("GET", path, {
      query: { order: "updated,asc;id", limit: PAGE, ...query },
    });
  }

  return {
    baseUrl: base,
    stats,
    request,
    list,
    get: <T = Entity>(pathOrHref: string, query?: Record<string, string>) =>
      request<T>("GET", pathOrHref, { query }),
    post: <T = Entity>(path: string, body: unknown) => request<T>("POST", path, { body }),
    put: <T = Entity>(path: string, body: unknown) => request<T>("PUT", path, { body }),
    delete: (path: string) => request<null>("DELETE", path),
  };
}

/** Exchanges a login and password for a token (`POST /security/token`); this revokes the user's older ones. */
export async function issueToken(baseUrl: string, login: string, password: string): Promise<string> {
  const client = createMoySkladClient({ baseUrl, auth: { login, password }, attempts: 2 });
  const answer = await client.request<{ access_token?: string }>("POST", "/security/token");
  if (!answer?.access_token) {
    throw new ProviderError(PROVIDER, "MoySklad issued no token", { status: 200, permanent: true });
  }
  return answer.access_token;
}

/** The id at the end of an entity href (`…/entity/counterparty/<id>`), or of a state's. */
export const idOfHref = (href: string) => href.slice(href.lastIndexOf("/") + 1).split("?")[0] ?? "";

const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;

/** MoySklad's `YYYY-MM-DD HH:mm:ss[.SSS]`, in Moscow time (UTC+3 all year) with no zone, as an instant. */
export function parseMoscowTime(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match) throw new Error(`Not a MoySklad time: ${text}`);
  const [, y, mo, d, h, mi, s, ms = "0"] = match;
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, +ms.padEnd(3, "0"));
  return new Date(utc - MOSCOW_OFFSET_MS);
}

/** An instant as MoySklad writes it: Moscow time, `YYYY-MM-DD HH:mm:ss.SSS`. */
export function formatMoscowTime(date: Date): string {
  return new Date(date.getTime() + MOSCOW_OFFSET_MS).toISOString().replace("T", " ").replace("Z", "");
}
