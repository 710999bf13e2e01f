import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { members, sessions, type Visibility, type WorkspaceRole, workspaces } from "../../db/schema/index.ts";
import type { SignedInUser } from "../../platform/actor.ts";
import { audit, auditActor } from "../../platform/audit.ts";
import { AppError, notFound, unauthenticated } from "../../platform/errors.ts";
import { type Actor, authorize, mayGrant, permissionsOf } from "../../platform/policy.ts";
import {
  createWorkspace,
  findMembership,
  listMembers,
  listMemberships,
  setMemberRole,
} from "./workspaces.queries.ts";

/** A request whose path names a workspace. */
export interface WorkspaceRequest {
  params: { workspaceId: string };
  actor: Actor | null;
  user: SignedInUser | null;
}

/**
 * The actor for a workspace named in the path. A person may act in any workspace they belong to;
 * an API key only in its own. Anything else is 404: another workspace's existence is not revealed.
 */
export async function actorIn(db: Db, request: WorkspaceRequest): Promise<Actor> {
  const { actor, user } = request;
  const { workspaceId } = request.params;
  if (actor?.workspaceId === workspaceId) return actor;
  if (!user) throw notFound("Workspace");
  const membership = await findMembership(db, workspaceId, user.id);
  if (!membership) throw notFound("Workspace");
  return {
    kind: "user",
    userId: user.id,
    apiKeyId: null,
    workspaceId,
    role: membership.role,
    visibility: membership.workspace.visibility[membership.role],
    personId: user.id,
  } satisfies Actor;
}

export async function getMe(db: Db, user: SignedInUser | null, actor: Actor | null) {
  const memberships = user ? await listMemberships(db, user.id) : [];
  const active = actor
    ? ((await db.select().from(workspaces).where(eq(workspaces.id, actor.workspaceId)))[0] ?? null)
    : null;
  return {
    user: user && { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin },
    apiKeyId: actor?.apiKeyId ?? null,
    workspaces: memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role })),
    activeWorkspace: active,
    role: actor?.role ?? null,
    visibility: actor?.visibility ?? null,
    permissions: actor ? permissionsOf(actor.role) : [],
  };
}

export async function createWorkspaceFor(
  db: Db,
  user: SignedInUser,
  input: { name: string; timezone?: string; currency?: string; locale?: string },
) {
  return db.transaction(async (tx) => {
    const workspace = await createWorkspace(tx, { ...input, ownerUserId: user.id });
    await tx.update(sessions).set({ activeWorkspaceId: workspace.id }).where(eq(sessions.id, user.sessionId));
    return workspace;
  });
}

/**
 * The workspaces the caller may act in, each with the caller's role: a person's memberships, oldest
 * first, or an API key's one workspace.
 */
export async function workspacesOf(db: Db, user: SignedInUser | null, actor: Actor | null) {
  if (!user && actor) {
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, actor.workspaceId));
    if (!workspace) throw notFound("Workspace");
    return { items: [{ ...workspace, role: actor.role }] };
  }
  if (!user) throw unauthenticated();
  const rows = await listMemberships(db, user.id);
  return { items: rows.map((r) => ({ ...r.workspace, role: r.role })) };
}

/** Makes a workspace the one this session works in. */
export async function switchWorkspace(db: Db, user: SignedInUser, workspaceId: string) {
  if (!(await findMembership(db, workspaceId, user.id))) throw notFound("Workspace");
  await db.update(sessions).set({ activeWorkspaceId: workspaceId }).where(eq(sessions.id, user.sessionId));
}

export async function updateWorkspace(
  db: Db,
  actor: Actor,
  patch: {
    name?: string;
    timezone?: string;
    currency?: string;
    locale?: string;
    visibility?: Partial<Record<WorkspaceRole, Visibility>>;
    unansweredMinutes?: number;
  },
) {
  authorize(actor, "workspace.settings");
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(workspaces)
      .where(eq(workspaces.id, actor.workspaceId))
      .for("update");
    if (!current) throw notFound("Workspace");
    const visibility = patch.visibility ? { ...current.visibility, ...patch.visibility } : undefined;
    const [updated] = await tx
      .update(workspaces)
      .set({ ...patch, visibility, updatedAt: new Date() })
      .where(eq(workspaces.id, actor.workspaceId))
      .returning();
    return updated;
  });
}

export async function membersOf(db: Db, actor: Actor) {
  authorize(actor, "members.view");
  return listMembers(db, actor.workspaceId);
}

async function requireMember(db: Db, actor: Actor, userId: string) {
  const membership = await findMembership(db, actor.workspaceId, userId);
  if (!membership) throw notFound("Member");
  return membership;
}

export async function changeMemberRole(db: Db, actor: Actor, userId: string, role: WorkspaceRole) {
  authorize(actor, "members.manage");
  const target = await requireMember(db, actor, userId);
  if (target.role === "owner") {
    throw new AppError("conflict", "The owner's role changes only by transferring ownership");
  }
  if (!mayGrant(actor, role) || !mayGrant(actor, target.role)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not grant or take away the role ${role}`);
  }
  const updated = await setMemberRole(db, actor.workspaceId, userId, role);
  if (!updated) throw notFound("Member");
  await auditActor(db, actor, "member.role_changed", userId, { from: target.role, to: role });
  return updated;
}

/** Removes a member; anyone but the owner may also leave on their own. */
export async function removeMember(db: Db, actor: Actor, userId: string) {
  if (actor.userId !== userId) authorize(actor, "members.manage");
  const target = await requireMember(db, actor, userId);
  if (target.role === "owner") throw new AppError("conflict", "Transfer ownership before removing the owner");
  if (actor.userId !== userId && !mayGrant(actor, target.role)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not remove a ${target.role}`);
  }
  await db.delete(members).where(and(eq(members.workspaceId, actor.workspaceId), eq(members.userId, userId)));
  await auditActor(db, actor, "member.removed", userId);
}

/** The owner hands the workspace to another member and stays on as an admin. */
export async function transferOwnership(db: Db, actor: Actor, userId: string) {
  if (actor.role !== "owner" || actor.kind !== "user" || !actor.userId) {
    throw new AppError("forbidden", "Only the owner may transfer ownership");
  }
  if (userId === actor.userId) throw new AppError("validation_failed", "You already own this workspace");
  const ownerId = actor.userId;
  await requireMember(db, actor, userId);
  await db.transaction(async (tx) => {
    await setMemberRole(tx, actor.workspaceId, userId, "owner");
    await setMemberRole(tx, actor.workspaceId, ownerId, "admin");
    await audit(tx, {
      action: "workspace.ownership_transferred",
      workspaceId: actor.workspaceId,
      actorUserId: ownerId,
      target: userId,
    });
  });
}
