import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { dealStageHistory, pipelines, stages, users } from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { findDeal } from "./deals.service.ts";

export const stageHistoryEntry = z
  .object({
    id: z.string(),
    pipelineId: z.string(),
    /** Null once the pipeline or stage was deleted. */
    pipelineName: z.string().nullable(),
    stageId: z.string(),
    stageName: z.string().nullable(),
    stageKind: z.enum(["open", "won", "lost"]).nullable(),
    enteredAt: z.date(),
    /** Null while the deal is in the stage. */
    leftAt: z.date().nullable(),
    /** Time in the stage, up to now for the current one. */
    durationSeconds: z.number().int(),
    /** Who moved the deal there (an API key's creator); null for the platform itself. */
    movedBy: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
  })
  .meta({ id: "DealStageHistoryEntry" });

/** Every stage the deal was in, oldest first. The deal must be visible to the caller (404 otherwise). */
export async function listStageHistory(db: Db, actor: Actor, dealId: string) {
  await findDeal(db, actor, dealId);
  const rows = await db
    .select({
      entry: dealStageHistory,
      pipelineName: pipelines.name,
      stageName: stages.name,
      stageKind: stages.kind,
      moverName: users.name,
    })
    .from(dealStageHistory)
    .leftJoin(
      pipelines,
      and(
        eq(pipelines.workspaceId, dealStageHistory.workspaceId),
        eq(pipelines.id, dealStageHistory.pipelineId),
      ),
    )
    .leftJoin(
      stages,
      and(eq(stages.workspaceId, dealStageHistory.workspaceId), eq(stages.id, dealStageHistory.stageId)),
    )
    .leftJoin(users, eq(users.id, dealStageHistory.movedBy))
    .where(and(inWorkspace(actor, dealStageHistory), eq(dealStageHistory.dealId, dealId)))
    .orderBy(asc(dealStageHistory.enteredAt), asc(dealStageHistory.id));
  const now = Date.now();
  const items = rows.map(({ entry, pipelineName, stageName, stageKind, moverName }) => ({
    id: entry.id,
    pipelineId: entry.pipelineId,
    pipelineName,
    stageId: entry.stageId,
    stageName,
    stageKind,
    enteredAt: entry.enteredAt,
    leftAt: entry.leftAt,
    durationSeconds: Math.max(
      0,
      Math.floor(((entry.leftAt?.getTime() ?? now) - entry.enteredAt.getTime()) / 1000),
    ),
    movedBy: entry.movedBy ? { userId: entry.movedBy, name: moverName } : null,
  }));
  return { items };
}
