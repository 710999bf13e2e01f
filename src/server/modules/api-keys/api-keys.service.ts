import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { apiKeys, type WorkspaceRole } from "../../db/schema/index.ts";
import { sha256 } from "../../platform/actor.ts";
import { auditActor } from "../../platform/audit.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, authorize, mayGrant } from "../../platform/policy.ts";

const publicFields = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export function listApiKeys(db: Db, actor: Actor) {
  authorize(actor, "apiKeys.manage");
  return db
    .select(publicFields)
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, actor.workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Creates a key acting in this workspace with the given role. The secret is returned once, never stored. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { name: string; role: Exclude<WorkspaceRole, "owner"> },
) {
  authorize(actor, "apiKeys.manage");
  if (!mayGrant(actor, input.role)) {
    throw new AppError(
      "forbidden",
      `Your role (${actor.role}) may not create a key with the role ${input.role}`,
    );
  }
  const id = newId();
  const secret = newId(40);
  const [row] = await db
    .insert(apiKeys)
    .values({
      workspaceId: actor.workspaceId,
      id,
      name: input.name,
      role: input.role,
      secretHash: sha256(secret),
      createdBy: actor.userId,
    })
    .returning(publicFields);
  if (!row) throw new Error("api key insert returned nothing");
  await auditActor(db, actor, "api_key.created", id, { name: input.name, role: input.role });
  return { ...row, key: `flm_${actor.workspaceId}_${id}_${secret}` };
}

export async function revokeApiKey(db: Db, actor: Actor, keyId: string) {
  authorize(actor, "apiKeys.manage");
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, actor.workspaceId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw notFound("API key");
  await auditActor(db, actor, "api_key.revoked", keyId);
}
