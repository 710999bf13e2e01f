import { count, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { sessions, users, workspaces } from "../../db/schema/index.ts";
import type { SignedInUser } from "../../platform/actor.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, forbidden, notFound } from "../../platform/errors.ts";

export interface Page {
  q?: string;
  page: number;
  limit: number;
}

/** Platform administration is for the installation's operators, never for a workspace role or an API key. */
export function requirePlatformAdmin(user: SignedInUser | null): asserts user is SignedInUser {
  if (!user?.isPlatformAdmin) throw forbidden("Only a platform administrator may do this");
}

const pattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listUsers(db: Db, { q, page, limit }: Page) {
  const where = q ? or(ilike(users.email, pattern(q)), ilike(users.name, pattern(q))) : undefined;
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        emailVerified: users.emailVerified,
        banned: users.banned,
        banReason: users.banReason,
        createdAt: users.createdAt,
        // Drizzle leaves columns unqualified inside a selected sql``, so these subqueries spell names out.
        workspaces: sql<number>`(select count(*)::int from members m where m.user_id = users.id)`,
      })
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(limit)
      .offset((page - 1) * limit),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return {
    items: items.map((u) => ({ ...u, banned: Boolean(u.banned) })),
    total: total?.n ?? 0,
    page,
    limit,
  };
}

export async function listWorkspaces(db: Db, { q, page, limit }: Page) {
  const where = q ? ilike(workspaces.name, pattern(q)) : undefined;
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: workspaces.id,
        name: workspaces.name,
        createdAt: workspaces.createdAt,
        members: sql<number>`(select count(*)::int from members m where m.workspace_id = workspaces.id)`,
        ownerEmail: sql<string | null>`(select u.email from members m join users u on u.id = m.user_id
          where m.workspace_id = workspaces.id and m.role = 'owner' limit 1)`,
      })
      .from(workspaces)
      .where(where)
      .orderBy(desc(workspaces.createdAt), desc(workspaces.id))
      .limit(limit)
      .offset((page - 1) * limit),
    db.select({ n: count() }).from(workspaces).where(where),
  ]);
  return { items, total: total?.n ?? 0, page, limit };
}

/** Bans a person: every session ends at once and signing in is refused until unbanned. */
export async function setBanned(
  db: Db,
  admin: SignedInUser,
  userId: string,
  ban: { banned: boolean; reason?: string },
) {
  if (userId === admin.id) throw new AppError("conflict", "You cannot ban yourself");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        banned: ban.banned,
        banReason: ban.banned ? (ban.reason ?? null) : null,
        banExpires: null,
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!row) throw notFound("User");
    if (ban.banned) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await audit(tx, {
      action: ban.banned ? "user.banned" : "user.unbanned",
      actorUserId: admin.id,
      target: userId,
      data: ban.reason ? { reason: ban.reason } : undefined,
    });
  });
}
