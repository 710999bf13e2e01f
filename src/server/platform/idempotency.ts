// `Idempotency-Key` on POST: a client that retries a create after a timeout gets the first answer again
// instead of a second record. Answers are kept for 24 h in `idempotency_keys` (docs/operations.md).
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { idempotencyKeys } from "../db/schema/index.ts";
import { AppError } from "./errors.ts";
import type { Platform } from "./platform.ts";

interface HeldKey {
  workspaceId: string;
  principal: string;
  key: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The idempotency row this request claimed; its answer is stored when it is sent. */
    idempotency: HeldKey | null;
  }
}

const MAX_KEY_LENGTH = 255;
const KEPT = sql`interval '24 hours'`;
// A row still without an answer after this long belongs to a request that died with its process.
const ABANDONED = sql`interval '10 minutes'`;
const SWEEP_EVERY_MS = 60 * 60_000;
const isStale = sql<boolean>`(${idempotencyKeys.createdAt} < now() - ${KEPT}
  or (${idempotencyKeys.statusCode} is null and ${idempotencyKeys.createdAt} < now() - ${ABANDONED}))`;

const byKey = (held: HeldKey) =>
  and(
    eq(idempotencyKeys.workspaceId, held.workspaceId),
    eq(idempotencyKeys.principal, held.principal),
    eq(idempotencyKeys.key, held.key),
  );

/** SHA-256 of the buffered body. JSON is hashed as parsed and re-serialised, so whitespace does not count. */
function hashBody(body: unknown) {
  const hash = createHash("sha256");
  if (body === undefined) hash.update("");
  else if (typeof body === "string" || Buffer.isBuffer(body)) hash.update(body);
  else hash.update(JSON.stringify(body));
  return hash.digest("hex");
}

export function registerIdempotency(app: FastifyInstance, platform: Platform) {
  const db = platform.database.db;
  let lastSweep = 0;
  app.decorateRequest("idempotency", null);

  // preValidation: after authentication and body parsing, before the handler (and before validation,
  // so a 422 for a bad body is stored and replayed like any other 4xx).
  app.addHook("preValidation", async (request, reply) => {
    const header = request.headers["idempotency-key"];
    const actor = request.actor;
    // Anonymous and public routes (sign-in, provider receivers) have no principal to key on; a
    // multipart upload is streamed to its handler, so there is no buffered body to compare.
    if (request.method !== "POST" || header === undefined || !actor) return;
    if (request.headers["content-type"]?.startsWith("multipart/")) return;
    const key = [header].flat()[0] ?? "";
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new AppError("bad_request", `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`);
    }
    const held: HeldKey = {
      workspaceId: actor.workspaceId,
      principal: actor.kind === "apiKey" ? `apiKey:${actor.apiKeyId}` : `user:${actor.userId}`,
      key,
    };
    const fingerprint = { method: request.method, path: request.url, requestHash: hashBody(request.body) };

    if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      await db.delete(idempotencyKeys).where(sql`${idempotencyKeys.createdAt} < now() - ${KEPT}`);
    }

    // Two rounds at most: the second runs after an expired or abandoned row was cleared.
    for (let round = 0; round < 2; round++) {
      const claimed = await db
        .insert(idempotencyKeys)
        .values({ ...held, ...fingerprint })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length > 0) {
        request.idempotency = held;
        return;
      }
      const [first] = await db
        .select({
          method: idempotencyKeys.method,
          path: idempotencyKeys.path,
          requestHash: idempotencyKeys.requestHash,
          statusCode: idempotencyKeys.statusCode,
          responseBody: idempotencyKeys.responseBody,
          responseHeaders: idempotencyKeys.responseHeaders,
          stale: isStale,
        })
        .from(idempotencyKeys)
        .where(byKey(held));
      if (!first) continue; // cleared between our insert and select
      if (first.stale) {
        // Only while still stale: a request that claimed the key again meanwhile keeps it.
        await db.delete(idempotencyKeys).where(and(byKey(held), isStale));
        continue;
      }
      if (
        first.method !== fingerprint.method ||
        first.path !== fingerprint.path ||
        first.requestHash !== fingerprint.requestHash
      ) {
        throw new AppError(
          "idempotency_key_reused",
          "This Idempotency-Key was already used for a different request; use a new key for a new request",
          { method: first.method, path: first.path },
        );
      }
      if (first.statusCode === null) {
        throw new AppError(
          "idempotency_key_in_use",
          "A request with this Idempotency-Key is still running; retry when it has finished",
          undefined,
          { "retry-after": "1" },
        );
      }
      for (const [name, value] of Object.entries(first.responseHeaders ?? {})) reply.header(name, value);
      reply.header("idempotent-replayed", "true");
      return reply.status(first.statusCode).send(first.responseBody ?? "");
    }
    throw new AppError("idempotency_key_in_use", "The Idempotency-Key is busy; retry", undefined, {
      "retry-after": "1",
    });
  });

  // The answer is stored before it leaves, so a retry that follows it is replayed, never re-run.
  app.addHook("onSend", async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = null;
    const status = reply.statusCode;
    const body =
      typeof payload === "string"
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString("utf8")
          : payload == null
            ? ""
            : null;
    // 2xx and 4xx are the request's answer; after a 5xx (or a streamed body) the retry must run again.
    const final = (status >= 200 && status < 300) || (status >= 400 && status < 500);
    if (!final || body === null) {
      await db.delete(idempotencyKeys).where(byKey(held));
      return payload;
    }
    const contentType = reply.getHeader("content-type");
    await db
      .update(idempotencyKeys)
      .set({
        statusCode: status,
        responseBody: body,
        responseHeaders: contentType ? { "content-type": String(contentType) } : {},
      })
      .where(byKey(held));
    return payload;
  });
}
