import { and, count, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { deals } from "../../db/schema/index.ts";
import { keyset, page } from "../../platform/pagination.ts";
import type { Actor } from "../../platform/policy.ts";
import { getPipeline } from "../pipelines/pipelines.service.ts";
import { dealConditions } from "./deals.list.ts";
import type { KanbanQuery } from "./deals.schemas.ts";
import { withLinks } from "./deals.service.ts";

const byPosition = { expr: deals.position, cast: "double precision" } as const;

/** One column's page, by the (workspace, pipeline, stage, position) index; links are added by the caller. */
async function columnRows(db: Db, actor: Actor, pipelineId: string, stageId: string, q: KanbanQuery) {
  const { where, orderBy, sortValue } = keyset(byPosition, deals.id, "asc", q.cursor);
  const rows = await db
    .select({ deal: deals, sortValue })
    .from(deals)
    .where(and(...dealConditions(actor, { ...q, pipelineId, stageId }), where))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  const result = page(
    rows.map((r) => ({ ...r.deal, sortValue: r.sortValue })),
    q.limit,
  );
  return result;
}

/**
 * A pipeline's board: every stage with the count and the sum (per currency, in minor units) of the deals
 * the caller may see under the filters, and the first `limit` deals in their kanban order.
 */
export async function getKanban(db: Db, actor: Actor, pipelineId: string, q: KanbanQuery) {
  const pipeline = await getPipeline(db, actor, pipelineId);
  const totals = await db
    .select({
      stageId: deals.stageId,
      currency: deals.currency,
      n: count(),
      sum: sql<string>`sum(${deals.amountMinor})::text`,
    })
    .from(deals)
    .where(and(...dealConditions(actor, { ...q, pipelineId })))
    .groupBy(deals.stageId, deals.currency);
  const pages = await Promise.all(
    pipeline.stages.map((stage) => columnRows(db, actor, pipelineId, stage.id, q)),
  );
  // One query for the links of every deal on the board, not one per column.
  const linked = new Map(
    (
      await withLinks(
        db,
        actor,
        pages.flatMap((p) => p.items),
      )
    ).map((d) => [d.id, d]),
  );
  const columns = pipeline.stages.map((stage, i) => {
    const mine = totals.filter((t) => t.stageId === stage.id);
    return {
      stage,
      count: mine.reduce((n, t) => n + t.n, 0),
      sums: Object.fromEntries(mine.map((t) => [t.currency, Number(t.sum)])),
      deals: (pages[i]?.items ?? []).map((d) => linked.get(d.id) ?? { ...d, contactIds: [], tagIds: [] }),
      nextCursor: pages[i]?.nextCursor ?? null,
    };
  });
  const { stages: _, ...rest } = pipeline;
  return { pipeline: rest, columns };
}

/** The next page of one column (`cursor` from the board or the previous page). */
export async function getKanbanColumn(
  db: Db,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  q: KanbanQuery,
) {
  await getPipeline(db, actor, pipelineId);
  const result = await columnRows(db, actor, pipelineId, stageId, q);
  return { deals: await withLinks(db, actor, result.items), nextCursor: result.nextCursor };
}
