import { createHash, timingSafeEqual } from "node:crypto";
import { fromNodeHeaders } from "better-auth/node";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiKeys, sessions, workspaces } from "../db/schema/index.ts";
import { findMembership, listMemberships } from "../modules/workspaces/workspaces.queries.ts";
import { AppError, unauthenticated } from "./errors.ts";
import type { Platform } from "./platform.ts";
import type { Actor } from "./policy.ts";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  sessionId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Who acts, in which workspace. Null on public routes and for a person without a workspace. */
    actor: Actor | null;
    /** The signed-in person (null for API keys and anonymous calls). */
    user: SignedInUser | null;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const API_KEY_PATTERN = /^flm_([0-9A-Za-z]+)_([0-9A-Za-z]+)_([0-9A-Za-z]+)$/;

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The actor of a route that works inside a workspace. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  if (!request.user) throw unauthenticated();
  throw new AppError("forbidden", "Create or choose a workspace first", { reason: "no_workspace" });
}

/** The signed-in person of a route that needs one (not an API key). */
export function userOf(request: FastifyRequest): SignedInUser {
  if (request.user) return request.user;
  if (request.actor) throw new AppError("forbidden", "This needs a signed-in person, not an API key");
  throw unauthenticated();
}

/**
 * Deny by default: every `/api` route needs a session cookie or an API key unless its config says
 * `public: true`. Anonymous calls get 401 JSON, never a redirect and never data.
 */
export function registerAuthGuard(app: FastifyInstance, platform: Platform) {
  app.decorateRequest("actor", null);
  app.decorateRequest("user", null);
  // onRequest, before the body is read or validated: an anonymous caller learns nothing about a route.
  app.addHook("onRequest", async (request) => {
    const route = request.routeOptions.url;
    // Pages, /metrics and unknown paths (answered 404) are not API routes; the API docs are public.
    if (!route?.startsWith("/api") || route.startsWith("/api/docs") || request.routeOptions.config.public)
      return;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith("Bearer ")) {
      request.actor = await actorFromApiKey(platform, authorization.slice(7).trim());
      return;
    }
    const found = await platform.auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
    if (!found) throw unauthenticated();
    const { session, user } = found;
    if (user.banned && (!user.banExpires || user.banExpires > new Date())) throw unauthenticated();
    if (UNSAFE.has(request.method)) checkOrigin(request, platform.config.publicUrl);
    request.user = {
      id: user.id,
      email: user.email,
      name: user.name,
      isPlatformAdmin: user.role === "admin",
      sessionId: session.id,
    };
    const db = platform.database.db;
    const workspaceId = (session as { activeWorkspaceId?: string | null }).activeWorkspaceId;
    let membership = workspaceId ? await findMembership(db, workspaceId, user.id) : null;
    if (!membership) {
      // New session, or removed from its workspace: continue in the person's first workspace, if any.
      [membership = null] = await listMemberships(db, user.id);
      if (membership) {
        await db
          .update(sessions)
          .set({ activeWorkspaceId: membership.workspace.id })
          .where(eq(sessions.id, session.id));
      }
    }
    if (membership) {
      request.actor = {
        kind: "user",
        userId: user.id,
        apiKeyId: null,
        workspaceId: membership.workspace.id,
        role: membership.role,
        visibility: membership.workspace.visibility[membership.role],
        personId: user.id,
      };
    }
  });
}

/** Cookie-authenticated writes must come from our own pages (CSRF): Origin, or else Referer, must match. */
function checkOrigin(request: FastifyRequest, publicUrl: string) {
  const source = request.headers.origin ?? request.headers.referer;
  const allowed = new Set([new URL(publicUrl).origin, `${request.protocol}://${request.headers.host}`]);
  let origin: string | null = null;
  try {
    origin = source ? new URL(source).origin : null;
  } catch {
    origin = null;
  }
  if (!origin || !allowed.has(origin)) {
    throw new AppError("forbidden", "Cross-site request refused: the Origin header must be this site", {
      reason: "csrf",
    });
  }
}

async function actorFromApiKey(platform: Platform, key: string): Promise<Actor> {
  const [, workspaceId, keyId, secret] = key.match(API_KEY_PATTERN) ?? [];
  if (!workspaceId || !keyId || !secret) throw unauthenticated();
  const db = platform.database.db;
  const [row] = await db
    .select({ key: apiKeys, visibility: workspaces.visibility })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  const expected = row ? Buffer.from(row.key.secretHash, "hex") : Buffer.alloc(32);
  const given = Buffer.from(sha256(secret), "hex");
  if (!row || !timingSafeEqual(expected, given)) throw unauthenticated();
  // Written at most once a minute per key, so a busy integration does not write on every call.
  const aMinuteAgo = new Date(Date.now() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        eq(apiKeys.id, keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, aMinuteAgo)),
      ),
    );
  return {
    kind: "apiKey",
    userId: null,
    apiKeyId: keyId,
    workspaceId,
    role: row.key.role,
    visibility: row.visibility[row.key.role],
    personId: row.key.createdBy,
  };
}
