import { and, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Actor } from "./policy.ts";

// The one place that decides which rows an actor may touch. Every query on a tenant table builds its
// WHERE from these; a query that does not is named unsafe… and says why.

/** Rows of the actor's workspace. */
export function inWorkspace(actor: Actor, table: { workspaceId: PgColumn }): SQL {
  return eq(table.workspaceId, actor.workspaceId);
}

/**
 * Rows of the actor's workspace that the role's visibility lets it see: `all`; `team`: owned by the
 * person or a teammate; `own`: owned by the person. Records without an owner are visible to everyone
 * in the workspace, so unassigned leads are never lost.
 */
export function visibleTo(actor: Actor, table: { workspaceId: PgColumn; ownerId: PgColumn }): SQL {
  const workspace = inWorkspace(actor, table);
  if (actor.visibility === "all") return workspace;
  const person = actor.personId;
  const unowned = isNull(table.ownerId);
  if (!person) return and(workspace, unowned) as SQL;
  const own = eq(table.ownerId, person);
  if (actor.visibility === "own") return and(workspace, or(unowned, own)) as SQL;
  const teammates = sql`${table.ownerId} in (
    select mate.user_id from team_members me
      join team_members mate on mate.workspace_id = me.workspace_id and mate.team_id = me.team_id
     where me.workspace_id = ${actor.workspaceId} and me.user_id = ${person})`;
  return and(workspace, or(unowned, own, teammates)) as SQL;
}
