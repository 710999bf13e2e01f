// Request limits on the public API: per API key for integrations, per client address for everything
// else (the web app's sessions and anonymous calls). Counted in memory on each node (docs/operations.md).
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import { AppError } from "./errors.ts";
import { createRateLimiter } from "./rate-limiter.ts";

const WINDOW_MS = 60_000;

/**
 * `/api/*` except the health probes, the providers' webhook receivers, the static API docs and the 1C
 * exchange (1C repeats `mode=import` while a big file imports, and reads a JSON 429 as a failed exchange).
 */
function isLimited(request: FastifyRequest) {
  const path = request.url.split("?")[0] ?? "";
  if (!path.startsWith("/api/")) return false;
  return !/^\/api\/(health|hooks|docs|accounting\/one-c\/exchange)(\/|$)/.test(path);
}

const sendsApiKey = (request: FastifyRequest) =>
  request.headers.authorization?.startsWith("Bearer ") ?? false;

export function createApiRateLimits(limits: Config["rateLimits"]) {
  const perKey = createRateLimiter({ max: limits.perKey, windowMs: WINDOW_MS });
  const perIp = createRateLimiter({ max: limits.perIp, windowMs: WINDOW_MS });

  const count = (reply: FastifyReply, limiter: typeof perKey, key: string, per: "apiKey" | "ip") => {
    const state = limiter.take(key);
    reply.header("x-ratelimit-limit", String(state.limit));
    reply.header("x-ratelimit-remaining", String(state.remaining));
    reply.header("x-ratelimit-reset", String(state.resetS));
    if (state.retryAfterS !== null) {
      throw new AppError(
        "rate_limited",
        `Too many requests: at most ${state.limit} a minute per ${per === "apiKey" ? "API key" : "client address"}; try again in ${state.retryAfterS} s`,
        { retryAfterS: state.retryAfterS, limit: state.limit, per },
        { "retry-after": String(state.retryAfterS) },
      );
    }
  };

  return {
    /**
     * onRequest, before authentication, so anonymous calls (answered 401 next) count too. A call with an
     * API key is left to `byApiKey`: the key is known only once authentication has checked it, and a
     * caller must not be able to spend someone else's key budget by naming its id.
     */
    byIp: async (request: FastifyRequest, reply: FastifyReply) => {
      if (isLimited(request) && !sendsApiKey(request)) count(reply, perIp, request.ip, "ip");
    },
    /** onRequest, after authentication: the key id comes from the actor the auth guard resolved. */
    byApiKey: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!isLimited(request)) return;
      const actor = request.actor;
      if (actor?.kind === "apiKey") {
        count(reply, perKey, `${actor.workspaceId}:${actor.apiKeyId}`, "apiKey");
      } else if (sendsApiKey(request)) {
        // A Bearer header on a route that does not authenticate (public, unknown): counts as the address.
        count(reply, perIp, request.ip, "ip");
      }
    },
  };
}
