// The typed client of the public API: openapi-fetch over the types generated from the live spec
// (`npm run openapi:generate` writes schema.d.ts). Paths, parameters, bodies and answers are checked by
// the compiler, so a route that changes its contract breaks the callers' build, not their runtime.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.d.ts";

export type { components, paths };
export type ApiClient = Client<paths>;
/** The error body every route answers with (`{"error":{"code","message","details"}}`). */
export type ApiError = components["schemas"]["Error"];

export interface ApiClientOptions {
  /** Replaces `globalThis.fetch` (tests, proxies, retries). */
  fetch?: (input: Request) => Promise<Response>;
  /** Sent with every request, e.g. `{ authorization: "Bearer <API key>" }`. */
  headers?: Record<string, string>;
}

/** A client for the Flame CRM API at `baseUrl` (the server's origin, e.g. `https://crm.example.ru`). */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ""),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}
