import { and, asc, eq } from "drizzle-orm";
import type { Executor, Tx } from "../../db/client.ts";
import { members, users, type WorkspaceRole, workspaces } from "../../db/schema/index.ts";
import { newId } from "../../platform/ids.ts";
import { seedWorkspaceDefaults } from "../pipelines/defaults.ts";

export interface NewWorkspace {
  name: string;
  ownerUserId: string;
  timezone?: string;
  currency?: string;
  locale?: string;
}

export async function createWorkspace(tx: Tx, input: NewWorkspace) {
  const [workspace] = await tx
    .insert(workspaces)
    .values({
      id: newId(),
      name: input.name,
      timezone: input.timezone,
      currency: input.currency,
      locale: input.locale,
    })
    .returning();
  if (!workspace) throw new Error("workspace insert returned nothing");
  await tx.insert(members).values({ workspaceId: workspace.id, userId: input.ownerUserId, role: "owner" });
  await seedWorkspaceDefaults(tx, workspace.id);
  return workspace;
}

/** The workspaces a person belongs to, with their role in each, oldest membership first. */
export function listMemberships(executor: Executor, userId: string) {
  return executor
    .select({ workspace: workspaces, role: members.role })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt));
}

export async function findMembership(executor: Executor, workspaceId: string, userId: string) {
  const [row] = await executor
    .select({ workspace: workspaces, role: members.role })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(and(eq(members.workspaceId, workspaceId), eq(members.userId, userId)));
  return row ?? null;
}

export function listMembers(executor: Executor, workspaceId: string) {
  return executor
    .select({
      userId: members.userId,
      role: members.role,
      joinedAt: members.createdAt,
      name: users.name,
      email: users.email,
    })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.workspaceId, workspaceId))
    .orderBy(asc(members.createdAt));
}

export async function setMemberRole(
  executor: Executor,
  workspaceId: string,
  userId: string,
  role: WorkspaceRole,
) {
  const rows = await executor
    .update(members)
    .set({ role })
    .where(and(eq(members.workspaceId, workspaceId), eq(members.userId, userId)))
    .returning();
  return rows[0] ?? null;
}
