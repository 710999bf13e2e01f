// The error answers every route can give, declared once for the OpenAPI document instead of in each
// route's schema: they are added to the documented responses only, so they never change how a route
// serializes (the error handler writes error bodies, see error-handler.ts).
import type { SwaggerTransform, SwaggerTransformObject } from "@fastify/swagger";
import type { FastifySchema } from "fastify";
import { z } from "zod";
import { ERROR_STATUS } from "./errors.ts";

/** `{"error":{"code","message","details"}}`, the one error shape of the API (errors.ts). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({
    id: "Error",
    examples: [{ error: { code: "not_found", message: "Contact not found" } }],
  });

const FILE_ANSWER = "fileAnswer";
const ERROR_REF = { $ref: "#/components/schemas/Error" };
const RATE_HEADERS = {
  "Retry-After": { type: "integer", description: "Seconds to wait before trying again" },
  "X-RateLimit-Limit": { type: "integer", description: "Requests allowed in the window" },
  "X-RateLimit-Remaining": { type: "integer", description: "Requests left in the window" },
  "X-RateLimit-Reset": { type: "integer", description: "Seconds until the window resets" },
};

/** The shared error responses, by status: emitted once under components.responses and referenced. */
const SHARED: Record<number, { name: string; description: string; headers?: object }> = {
  400: { name: "InvalidJson", description: "The body is not valid JSON (`invalid_json`)" },
  401: { name: "Unauthenticated", description: "No session and no valid API key (`unauthenticated`)" },
  403: { name: "Forbidden", description: "The caller's role does not allow this (`forbidden`)" },
  404: { name: "NotFound", description: "No such record in the caller's workspace (`not_found`)" },
  409: {
    name: "Conflict",
    description:
      "A unique value is taken (`conflict`), or a request with this Idempotency-Key is still running (`idempotency_key_in_use`, retry after `Retry-After`)",
  },
  422: {
    name: "ValidationFailed",
    description: "The input breaks the schema or a rule (`validation_failed`); `details` says where",
  },
  429: {
    name: "RateLimited",
    description: "Too many requests (`rate_limited`); retry after `Retry-After` seconds",
    headers: RATE_HEADERS,
  },
  500: {
    name: "Internal",
    description: "An unexpected error (`internal`); the `x-request-id` header identifies it in the logs",
  },
};

type OpenApiDocument = {
  paths?: Record<
    string,
    Record<string, { responses?: Record<string, { description?: string; $ref?: string }> }>
  >;
  components?: Record<string, unknown>;
};

/**
 * Wraps the zod route transform: each documented operation gets the error responses that apply to it,
 * unless the route declares that status itself. 401/403 for routes that need a caller, 404 for routes
 * with a path id, 400 for routes with a body, 422 for routes taking input, 429 and 500 everywhere.
 */
export function withErrorResponses(transform: SwaggerTransform): SwaggerTransform {
  return (input) => {
    const result = transform(input);
    const schema = result.schema as (FastifySchema & { hide?: boolean }) | undefined;
    // A route without a schema (tests add some) is documented as it is.
    if (!schema || schema.hide || !result.url.startsWith("/api/")) return result;
    const statuses = [429, 500];
    if (input.schema.body) statuses.push(400);
    if (!input.route.config?.public) statuses.push(401, 403);
    if (input.schema.params) statuses.push(404);
    if (input.schema.body || input.schema.querystring || input.schema.params) statuses.push(422);
    const idempotent = input.route.method === "POST" && !input.route.config?.public;
    if (idempotent) statuses.push(409);
    const errors = Object.fromEntries(
      statuses.sort().map((status) => {
        const { description, headers } = SHARED[status]!;
        return [status, { description, ...ERROR_REF, ...(headers ? { headers } : {}) }];
      }),
    );
    const { [FILE_ANSWER]: file, ...rest } = schema as FastifySchema & { [FILE_ANSWER]?: object };
    const declared = { ...(schema.response as object), ...file } as Record<string, unknown>;
    const headers = idempotent ? withIdempotencyKey(schema.headers) : schema.headers;
    return { ...result, schema: { ...rest, headers, response: { ...errors, ...declared } } };
  };
}

/** The `Idempotency-Key` request header of POST routes (platform/idempotency.ts), next to any declared. */
function withIdempotencyKey(headers: unknown) {
  const declared = (headers ?? { type: "object", properties: {} }) as { properties?: object };
  return {
    ...declared,
    properties: {
      ...declared.properties,
      "Idempotency-Key": {
        type: "string",
        minLength: 1,
        maxLength: 255,
        description:
          "Send the same key when retrying: the first answer comes back (with `Idempotent-Replayed: true`) instead of a second record; the same key with another body is 422 `idempotency_key_reused`. Kept 24 h.",
      },
    },
  };
}

/**
 * Wraps the zod document transform: the shared error responses added above become references to
 * `components.responses`, so the document states each of them once.
 */
export function withSharedResponses(transformObject: SwaggerTransformObject): SwaggerTransformObject {
  return (input) => {
    const document = transformObject(input) as OpenApiDocument;
    const responses: Record<string, object> = {};
    for (const operations of Object.values(document.paths ?? {})) {
      for (const operation of Object.values(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          const shared = SHARED[Number(status)];
          if (!shared || response.description !== shared.description) continue;
          responses[shared.name] = response;
          operation.responses![status] = { $ref: `#/components/responses/${shared.name}` };
        }
      }
    }
    return {
      ...document,
      components: { ...document.components, responses },
    } as ReturnType<SwaggerTransformObject>;
  };
}

/** The answer of a route that succeeds with 204 and no body (deletes). */
export const NO_CONTENT = { 204: z.null().describe("Done; no content") };

/**
 * The 200 answer of a route that writes a file or a stream (CSV, media, server-sent events) instead of
 * JSON. Spread into the route's schema: it is documented only and never used to serialize, because the
 * route sends the bytes itself.
 */
export function fileAnswer(contentTypes: string | string[], description: string) {
  const content = Object.fromEntries(
    [contentTypes].flat().map((type) => {
      const schema = type === "text/event-stream" ? { type: "string" } : { type: "string", format: "binary" };
      return [type, { schema }];
    }),
  );
  return { [FILE_ANSWER]: { 200: { description, content } } };
}
