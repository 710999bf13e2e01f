import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { SchemaMonitor } from "../db/schema-monitor.ts";
import { AppError, classifyDatabaseError, type ErrorBody, type ErrorCode } from "./errors.ts";

// Fastify's own error codes for requests it rejects before a handler runs.
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "invalid_json", message: "The body is not valid JSON" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "invalid_json", message: "The body is empty but declared as JSON" },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "payload_too_large", message: "The body is larger than allowed" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: "unsupported_media_type", message: "Unsupported Content-Type" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "bad_request",
    message: "Content-Length does not match the body",
  },
};

export function sendError(reply: FastifyReply, error: AppError) {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  return reply.status(error.status).type("application/json; charset=utf-8").send(body);
}

/** Turns any error into an AppError. Unknown errors become a generic 500 that names the request id. */
export function toAppError(
  err: FastifyError | Error,
  request: FastifyRequest,
  schema: SchemaMonitor,
): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      field: [err.validationContext, ...v.instancePath.split("/").filter(Boolean)].join("."),
      message: v.message ?? "is invalid",
    }));
    return new AppError("validation_failed", "The request is invalid", details);
  }
  const fastifyCode = (err as FastifyError).code;
  const known = fastifyCode ? FASTIFY_ERRORS[fastifyCode] : undefined;
  if (known) return new AppError(known.code, known.message);
  const statusCode = (err as FastifyError).statusCode;
  if (statusCode === 429) {
    const retryAfter = Number((err as FastifyError & { retryAfter?: number }).retryAfter ?? 60);
    return new AppError(
      "rate_limited",
      "Too many requests",
      { retryAfterS: retryAfter },
      {
        "retry-after": String(retryAfter),
      },
    );
  }
  const db = classifyDatabaseError(err);
  if (db) {
    if (db.code === "schema_out_of_date") schema.reportUndefined(db.relation);
    request.log.error({ err, sqlState: db.sqlState }, db.message);
    const details = db.relation
      ? { relation: db.relation }
      : db.constraint
        ? { constraint: db.constraint }
        : undefined;
    return new AppError(db.code, db.message, details);
  }
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return new AppError("bad_request", err.message);
  }
  request.log.error({ err }, "unhandled error");
  return new AppError("internal", `Something went wrong on our side; quote request id ${request.id}`, {
    requestId: request.id,
  });
}

/** The one error handler: every failure on every route leaves as `{"error":{...}}`. */
export function registerErrorHandler(app: FastifyInstance, schema: SchemaMonitor) {
  app.setErrorHandler((err: FastifyError, request, reply) =>
    sendError(reply, toAppError(err, request, schema)),
  );
}
