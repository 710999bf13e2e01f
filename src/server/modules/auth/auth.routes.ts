import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sendError } from "../../platform/error-handler.ts";
import { AppError, type ErrorCode } from "../../platform/errors.ts";
import type { Platform } from "../../platform/platform.ts";
import { createRateLimiter } from "../../platform/rate-limiter.ts";

// better-auth's error codes that our API contract answers differently (status and stable code).
const AUTH_ERRORS: Record<string, ErrorCode> = {
  USER_ALREADY_EXISTS: "conflict",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "conflict",
  PASSWORD_TOO_SHORT: "validation_failed",
  PASSWORD_TOO_LONG: "validation_failed",
  PASSWORD_SAME_AS_EMAIL: "validation_failed",
  INVALID_EMAIL: "validation_failed",
  VALIDATION_ERROR: "validation_failed",
  INVALID_EMAIL_OR_PASSWORD: "unauthenticated",
  INVALID_PASSWORD: "unauthenticated",
  BANNED_USER: "forbidden",
  INVALID_TOKEN: "bad_request",
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  422: "validation_failed",
  429: "rate_limited",
};

/** better-auth answers `{code, message}`; the API contract is `{"error":{code, message, details}}`. */
function translateError(status: number, body: string): AppError {
  let parsed: { code?: string; message?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // not JSON: keep the status
  }
  const reason = parsed.code ?? "UNKNOWN";
  const code = AUTH_ERRORS[reason] ?? STATUS_CODES[status] ?? (status >= 500 ? "internal" : "bad_request");
  return new AppError(code, parsed.message ?? "Authentication request failed", { reason });
}

/** Mounts better-auth under /api/auth/*, with sign-in throttled per IP and per account. */
export function authRoutes(platform: Platform) {
  const perIp = createRateLimiter({ max: 20, windowMs: 60_000 });
  const perAccount = createRateLimiter({ max: 10, windowMs: 15 * 60_000 });

  const throttle = (request: FastifyRequest) => {
    const email = String((request.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();
    const waits = [perIp.hit(`ip:${request.ip}`), email ? perAccount.hit(`email:${email}`) : null];
    const wait = Math.max(...waits.map((w) => w ?? 0));
    if (wait > 0) {
      throw new AppError(
        "rate_limited",
        "Too many sign-in attempts; try again later",
        { retryAfterS: wait },
        {
          "retry-after": String(wait),
        },
      );
    }
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === "POST" && request.url.split("?")[0] === "/api/auth/sign-in/email")
      throttle(request);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = request.body !== undefined && request.method !== "GET" && request.method !== "HEAD";
    const response = await platform.auth.handler(
      new Request(new URL(request.url, platform.config.publicUrl), {
        method: request.method,
        headers,
        body: hasBody ? JSON.stringify(request.body) : undefined,
      }),
    );
    const body = await response.text();
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) reply.header("set-cookie", cookies);
    if (response.status >= 400) return sendError(reply, translateError(response.status, body));
    // The API never redirects: a redirect better-auth asks for is handed to the page as data.
    const location = response.headers.get("location");
    if (response.status >= 300 && location) return reply.status(200).send({ redirect: location });
    for (const [name, value] of response.headers) {
      if (name !== "set-cookie" && name !== "content-length") reply.header(name, value);
    }
    return reply.status(response.status).send(body);
  };

  return async (app: FastifyInstance) => {
    app.route({
      method: ["GET", "POST"],
      url: "/api/auth/*",
      config: { public: true },
      schema: { hide: true },
      handler,
    });
  };
}
