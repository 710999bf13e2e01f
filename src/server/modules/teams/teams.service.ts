import { and, asc, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/client.ts";
import { teamMembers, teams } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { findMembership } from "../workspaces/workspaces.queries.ts";

/** Teams with their members; a manager whose role sees `team` sees the records of these people. */
export async function listTeams(db: Db, actor: Actor) {
  authorize(actor, "members.view");
  const [rows, links] = await Promise.all([
    db.select().from(teams).where(eq(teams.workspaceId, actor.workspaceId)).orderBy(asc(teams.name)),
    db.select().from(teamMembers).where(eq(teamMembers.workspaceId, actor.workspaceId)),
  ]);
  return rows.map((team) => ({
    id: team.id,
    name: team.name,
    leadUserId: team.leadUserId,
    memberIds: links.filter((l) => l.teamId === team.id).map((l) => l.userId),
  }));
}

async function requireMembers(executor: Executor, workspaceId: string, userIds: string[]) {
  for (const userId of userIds) {
    if (!(await findMembership(executor, workspaceId, userId))) {
      throw new AppError(
        "validation_failed",
        "Every team member and lead must be a member of the workspace",
        {
          userId,
        },
      );
    }
  }
}

async function requireTeam(executor: Executor, workspaceId: string, teamId: string) {
  const [team] = await executor
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  if (!team) throw notFound("Team");
  return team;
}

export async function createTeam(
  db: Db,
  actor: Actor,
  input: { name: string; leadUserId?: string | null; memberIds?: string[] },
) {
  authorize(actor, "teams.manage");
  const memberIds = [
    ...new Set([...(input.memberIds ?? []), ...(input.leadUserId ? [input.leadUserId] : [])]),
  ];
  await requireMembers(db, actor.workspaceId, memberIds);
  const id = newId();
  await db.transaction(async (tx) => {
    await tx
      .insert(teams)
      .values({ workspaceId: actor.workspaceId, id, name: input.name, leadUserId: input.leadUserId ?? null });
    if (memberIds.length > 0) {
      await tx
        .insert(teamMembers)
        .values(memberIds.map((userId) => ({ workspaceId: actor.workspaceId, teamId: id, userId })));
    }
  });
  return { id, name: input.name, leadUserId: input.leadUserId ?? null, memberIds };
}

export async function updateTeam(
  db: Db,
  actor: Actor,
  teamId: string,
  patch: { name?: string; leadUserId?: string | null },
) {
  authorize(actor, "teams.manage");
  await requireTeam(db, actor.workspaceId, teamId);
  if (patch.leadUserId) await requireMembers(db, actor.workspaceId, [patch.leadUserId]);
  await db.transaction(async (tx) => {
    await tx
      .update(teams)
      .set(patch)
      .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, teamId)));
    if (patch.leadUserId) {
      await tx
        .insert(teamMembers)
        .values({ workspaceId: actor.workspaceId, teamId, userId: patch.leadUserId })
        .onConflictDoNothing();
    }
  });
}

export async function deleteTeam(db: Db, actor: Actor, teamId: string) {
  authorize(actor, "teams.manage");
  await requireTeam(db, actor.workspaceId, teamId);
  await db.delete(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, teamId)));
}

export async function addTeamMember(db: Db, actor: Actor, teamId: string, userId: string) {
  authorize(actor, "teams.manage");
  await requireTeam(db, actor.workspaceId, teamId);
  await requireMembers(db, actor.workspaceId, [userId]);
  await db
    .insert(teamMembers)
    .values({ workspaceId: actor.workspaceId, teamId, userId })
    .onConflictDoNothing();
}

export async function removeTeamMember(db: Db, actor: Actor, teamId: string, userId: string) {
  authorize(actor, "teams.manage");
  const team = await requireTeam(db, actor.workspaceId, teamId);
  await db.transaction(async (tx) => {
    if (team.leadUserId === userId) {
      await tx
        .update(teams)
        .set({ leadUserId: null })
        .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, teamId)));
    }
    await tx
      .delete(teamMembers)
      .where(
        and(
          eq(teamMembers.workspaceId, actor.workspaceId),
          eq(teamMembers.teamId, teamId),
          eq(teamMembers.userId, userId),
        ),
      );
  });
}
