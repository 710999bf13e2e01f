// What a channel's routing settings resolve to at the moment a message arrives: the source, the
// pipeline and its first open stage, and who gets the new records. Settings may have gone stale since
// they were saved (a member left, a pipeline lost its open stages): then the next rule applies, rather
// than refusing the message, which the provider would redeliver forever.
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Tx } from "../../../db/client.ts";
import { leadSources, members, pipelines, stages } from "../../../db/schema/index.ts";
import type { Actor } from "../../../platform/policy.ts";
import { inWorkspace } from "../../../platform/scope.ts";
import type { IntegrationRow } from "../channels.ts";

/** The channel's default source, else the workspace's first source of the channel's kind, else none. */
export async function channelSource(tx: Tx, actor: Actor, integration: IntegrationRow) {
  if (integration.defaultSourceId) return integration.defaultSourceId;
  const [source] = await tx
    .select({ id: leadSources.id })
    .from(leadSources)
    .where(and(inWorkspace(actor, leadSources), eq(leadSources.kind, integration.platform)))
    .orderBy(asc(leadSources.createdAt), asc(leadSources.id))
    .limit(1);
  return source?.id ?? null;
}

/** The channel's pipeline (else the workspace's default) and its first open stage; null when there is none. */
export async function channelPipeline(tx: Tx, actor: Actor, integration: IntegrationRow) {
  // The pipeline's first open stage in the same round trip.
  const firstOpenStage = tx
    .select({ id: stages.id })
    .from(stages)
    .where(and(inWorkspace(actor, stages), eq(stages.pipelineId, pipelines.id), eq(stages.kind, "open")))
    .orderBy(asc(stages.position))
    .limit(1);
  const [row] = await tx
    .select({ pipelineId: pipelines.id, stageId: sql<string | null>`(${firstOpenStage})` })
    .from(pipelines)
    .where(
      and(
        inWorkspace(actor, pipelines),
        integration.defaultPipelineId ? eq(pipelines.id, integration.defaultPipelineId) : undefined,
      ),
    )
    .orderBy(sql`${pipelines.isDefault} desc`, asc(pipelines.position), asc(pipelines.id))
    .limit(1);
  return row?.stageId ? { pipelineId: row.pipelineId, stageId: row.stageId } : null;
}

/**
 * Who owns what the channel creates: its default assignee while they are still a member; otherwise,
 * when the channel creates deals, the next manager in turn; otherwise nobody (unowned records are
 * visible to everyone, and the chat waits in Unsorted for whoever takes it).
 */
export async function channelAssignee(tx: Tx, actor: Actor, integration: IntegrationRow) {
  if (integration.defaultAssigneeId) {
    const [member] = await tx
      .select({ userId: members.userId })
      .from(members)
      .where(and(inWorkspace(actor, members), eq(members.userId, integration.defaultAssigneeId)));
    if (member) return member.userId;
  }
  return integration.autoCreateDeal ? nextManager(tx, actor) : null;
}

/**
 * Round-robin among the workspace's managers without a stored pointer: the manager whose newest deal
 * is the oldest (one with no deal at all comes first). Each lookup walks the deals index backwards
 * and stops at that manager's newest deal, which in a steady rotation is among the last few. Two
 * first messages committed at the same instant may go to the same manager; the next ones even it out.
 */
async function nextManager(tx: Tx, actor: Actor): Promise<string | null> {
  const [row] = await queryRows<{ user_id: string }>(
    tx,
    sql`select m.user_id
          from members m
          left join lateral (
            select d.created_at from deals d
             where d.workspace_id = m.workspace_id and d.owner_id = m.user_id
             order by d.created_at desc limit 1) last on true
         where m.workspace_id = ${actor.workspaceId} and m.role = 'manager'
         order by last.created_at asc nulls first, m.created_at asc, m.user_id asc
         limit 1`,
  );
  return row?.user_id ?? null;
}
