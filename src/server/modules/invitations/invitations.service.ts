import { randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  invitations,
  members,
  sessions,
  teamMembers,
  teams,
  users,
  type WorkspaceRole,
  workspaces,
} from "../../db/schema/index.ts";
import { type SignedInUser, sha256 } from "../../platform/actor.ts";
import { audit, auditActor } from "../../platform/audit.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { type Actor, authorize, mayGrant } from "../../platform/policy.ts";
import { findMembership } from "../workspaces/workspaces.queries.ts";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const TOKEN = /^flmi_([0-9A-Za-z]+)_([0-9A-Za-z]+)_([0-9A-Za-z_-]+)$/;

const publicFields = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  teamId: invitations.teamId,
  status: invitations.status,
  expiresAt: invitations.expiresAt,
  createdAt: invitations.createdAt,
};

export function listInvitations(db: Db, actor: Actor) {
  authorize(actor, "members.manage");
  return db
    .select(publicFields)
    .from(invitations)
    .where(eq(invitations.workspaceId, actor.workspaceId))
    .orderBy(desc(invitations.createdAt));
}

/** Invites by e-mail; the link carries a secret that is stored only as a hash, valid for 7 days. */
export async function invite(
  deps: { db: Db; mailer: Mailer; publicUrl: string },
  actor: Actor,
  input: { email: string; role: Exclude<WorkspaceRole, "owner">; teamId?: string },
) {
  authorize(actor, "members.manage");
  if (!mayGrant(actor, input.role)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not invite a ${input.role}`);
  }
  const { db } = deps;
  if (input.teamId) {
    const [team] = await db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, input.teamId)));
    if (!team) throw notFound("Team");
  }
  const email = input.email.toLowerCase();
  const [existing] = await db
    .select({ id: users.id })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, actor.workspaceId), sql`lower(${users.email}) = ${email}`));
  if (existing) throw new AppError("conflict", `${email} is already a member of this workspace`);
  const secret = randomBytes(24).toString("base64url");
  const id = newId();
  const [row] = await db
    .insert(invitations)
    .values({
      workspaceId: actor.workspaceId,
      id,
      email,
      role: input.role,
      teamId: input.teamId,
      tokenHash: sha256(secret),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      invitedBy: actor.userId,
    })
    .returning(publicFields);
  if (!row) throw new Error("invitation insert returned nothing");
  const [workspace] = await db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  const token = `flmi_${actor.workspaceId}_${id}_${secret}`;
  const url = `${deps.publicUrl}/invite?token=${token}`;
  await deps.mailer.send({
    to: email,
    kind: "invitation",
    subject: `Flame CRM: приглашение в «${workspace?.name}» / invitation`,
    text: `Вас пригласили в рабочее пространство «${workspace?.name}». Ссылка действует 7 дней:\n${url}\n\nYou are invited to the workspace "${workspace?.name}". The link is valid for 7 days:\n${url}\n`,
  });
  await auditActor(db, actor, "invitation.created", email, { role: input.role });
  return row;
}

export async function revokeInvitation(db: Db, actor: Actor, invitationId: string) {
  authorize(actor, "members.manage");
  const [row] = await db
    .update(invitations)
    .set({ status: "revoked" })
    .where(
      and(
        eq(invitations.workspaceId, actor.workspaceId),
        eq(invitations.id, invitationId),
        eq(invitations.status, "pending"),
      ),
    )
    .returning({ id: invitations.id });
  if (!row) throw notFound("Pending invitation");
}

/**
 * The signed-in person joins the inviting workspace with the invited role (and team), and this session
 * switches to it. Expired, revoked or used invitations answer 410; someone else's invitation 403.
 */
export async function acceptInvitation(
  db: Db,
  user: Pick<SignedInUser, "id" | "email"> & { sessionId: string | null },
  token: string,
) {
  const [, workspaceId, id, secret] = token.match(TOKEN) ?? [];
  if (!workspaceId || !id || !secret) throw notFound("Invitation");
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id)))
      .for("update");
    if (!invitation || invitation.tokenHash !== sha256(secret)) throw notFound("Invitation");
    if (invitation.status !== "pending") {
      throw new AppError("gone", `This invitation was already ${invitation.status}`, {
        status: invitation.status,
      });
    }
    if (invitation.expiresAt <= new Date())
      throw new AppError("gone", "This invitation has expired", { status: "expired" });
    if (invitation.email !== user.email.toLowerCase()) {
      throw new AppError(
        "forbidden",
        `This invitation is for ${invitation.email}; sign in with that address`,
      );
    }
    if (!(await findMembership(tx, workspaceId, user.id))) {
      await tx.insert(members).values({ workspaceId, userId: user.id, role: invitation.role });
    }
    if (invitation.teamId) {
      await tx
        .insert(teamMembers)
        .values({ workspaceId, teamId: invitation.teamId, userId: user.id })
        .onConflictDoNothing();
    }
    await tx
      .update(invitations)
      .set({ status: "accepted", acceptedBy: user.id })
      .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id)));
    if (user.sessionId) {
      await tx
        .update(sessions)
        .set({ activeWorkspaceId: workspaceId })
        .where(eq(sessions.id, user.sessionId));
    }
    await audit(tx, {
      action: "invitation.accepted",
      workspaceId,
      actorUserId: user.id,
      target: invitation.email,
    });
    return { workspaceId, role: invitation.role };
  });
}
