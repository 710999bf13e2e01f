import { and, isNull, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { dealStageHistory, deals } from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";

/**
 * Closes the open stage-history rows of the deals matching `which` and opens one in the new stage.
 * Call it before the deals themselves are updated, while `which` still selects them.
 */
export async function recordStageEntry(
  tx: Tx,
  actor: Actor,
  which: SQL,
  target: { id: string; pipelineId: string },
) {
  const ids = sql`select ${deals.id} from ${deals} where ${which}`;
  await tx
    .update(dealStageHistory)
    .set({ leftAt: new Date() })
    .where(
      and(
        sql`${dealStageHistory.workspaceId} = ${actor.workspaceId}`,
        isNull(dealStageHistory.leftAt),
        sql`${dealStageHistory.dealId} in (${ids})`,
      ),
    );
  await tx.execute(sql`
    insert into ${dealStageHistory} (workspace_id, id, deal_id, pipeline_id, stage_id, moved_by)
    select ${actor.workspaceId}, gen_random_uuid()::text, ${deals.id}, ${target.pipelineId}, ${target.id}, ${actor.personId}
      from ${deals} where ${which}`);
}
