// The SQL of the channel settings endpoints and their reference checks, all scoped to the actor's workspace.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { leadSources, messagingIntegrations, pipelines } from "../../../db/schema/index.ts";
import { requireMember, requireRows } from "../../../modules/records/records.ts";
import { notFound } from "../../../platform/errors.ts";
import type { Actor } from "../../../platform/policy.ts";
import { inWorkspace } from "../../../platform/scope.ts";
import type { Platform } from "../channels.ts";
import type { RoutingInput } from "./settings.schemas.ts";

/** One channel of the actor's workspace. */
export const scoped = (actor: Actor, id: string) =>
  and(inWorkspace(actor, messagingIntegrations), eq(messagingIntegrations.id, id));

/** The workspace's channels of one platform, oldest first. */
export const channelsOf = (db: Db, actor: Actor, platform: Platform) =>
  db
    .select()
    .from(messagingIntegrations)
    .where(and(inWorkspace(actor, messagingIntegrations), eq(messagingIntegrations.platform, platform)))
    .orderBy(asc(messagingIntegrations.createdAt), asc(messagingIntegrations.id));

/** The workspace's channel of this platform, else 404 (another workspace's or platform's alike). */
export async function findChannel(db: Db, actor: Actor, platform: Platform, id: string) {
  const [row] = await db
    .select()
    .from(messagingIntegrations)
    .where(and(scoped(actor, id), eq(messagingIntegrations.platform, platform)));
  if (!row) throw notFound("Integration");
  return row;
}

export const markDisconnected = (db: Db, actor: Actor, id: string) =>
  db
    .update(messagingIntegrations)
    .set({ status: "disconnected", updatedAt: new Date() })
    .where(scoped(actor, id));

/** 404 unless every default the input names is the workspace's (the assignee: a member). */
export async function checkRouting(db: Db, actor: Actor, input: RoutingInput) {
  await requireRows(db, leadSources, inWorkspace(actor, leadSources), [input.defaultSourceId], "Source");
  await requireRows(db, pipelines, inWorkspace(actor, pipelines), [input.defaultPipelineId], "Pipeline");
  await requireMember(db, actor, input.defaultAssigneeId, "Assignee");
}

/** Only the routing fields the caller gave (null clears a default; absent keeps it). */
export function routingValues(input: RoutingInput): RoutingInput {
  return {
    autoCreateContact: input.autoCreateContact,
    autoCreateDeal: input.autoCreateDeal,
    unsortedForNewChats: input.unsortedForNewChats,
    defaultSourceId: input.defaultSourceId,
    defaultPipelineId: input.defaultPipelineId,
    defaultAssigneeId: input.defaultAssigneeId,
  };
}
