import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { dealContacts, deals, dealTags } from "../../db/schema/index.ts";
import { customFieldFilters, customFieldSort, range } from "../../platform/filters.ts";
import { keyset, page, type SortKey } from "../../platform/pagination.ts";
import type { Actor } from "../../platform/policy.ts";
import { visibleTo } from "../../platform/scope.ts";
import { searchFilter } from "../search/search.ts";
import type { DealFilters, DealListQuery } from "./deals.schemas.ts";
import { withLinks } from "./deals.service.ts";

/** The conditions of a deal list or kanban: visibility first, then the caller's filters. */
export function dealConditions(actor: Actor, q: DealFilters & Record<string, unknown>): SQL[] {
  return [
    visibleTo(actor, deals),
    ...(q.q ? [searchFilter(deals, q.q) ?? sql`true`] : []),
    ...(q.ownerId ? [eq(deals.ownerId, q.ownerId)] : []),
    ...(q.pipelineId ? [eq(deals.pipelineId, q.pipelineId)] : []),
    ...(q.stageId ? [eq(deals.stageId, q.stageId)] : []),
    ...(q.status ? [eq(deals.status, q.status)] : []),
    ...(q.sourceId ? [eq(deals.sourceId, q.sourceId)] : []),
    ...(q.companyId ? [eq(deals.companyId, q.companyId)] : []),
    ...(q.tagId
      ? [
          sql`exists (select 1 from ${dealTags} x where x.workspace_id = ${deals.workspaceId} and x.record_id = ${deals.id} and x.tag_id = ${q.tagId})`,
        ]
      : []),
    ...(q.contactId
      ? [
          sql`exists (select 1 from ${dealContacts} x where x.workspace_id = ${deals.workspaceId} and x.deal_id = ${deals.id} and x.contact_id = ${q.contactId})`,
        ]
      : []),
    ...range(deals.createdAt, q.createdFrom, q.createdTo),
    ...range(deals.updatedAt, q.updatedFrom, q.updatedTo),
    ...range(deals.closedAt, q.closedFrom, q.closedTo),
    ...(q.amountMin !== undefined ? [sql`${deals.amountMinor} >= ${q.amountMin}`] : []),
    ...(q.amountMax !== undefined ? [sql`${deals.amountMinor} <= ${q.amountMax}`] : []),
    ...customFieldFilters(q, deals.customFields),
  ];
}

const SORTS: Record<string, SortKey> = {
  createdAt: { expr: deals.createdAt, cast: "timestamptz" },
  updatedAt: { expr: deals.updatedAt, cast: "timestamptz" },
  amount: { expr: deals.amountMinor, cast: "bigint" },
  title: { expr: sql`lower(${deals.title})`, cast: "text" },
  closedAt: { expr: sql`coalesce(${deals.closedAt}, '-infinity'::timestamptz)`, cast: "timestamptz" },
};

export async function listDeals(db: Db, actor: Actor, q: DealListQuery) {
  const key = customFieldSort(q.sort, deals.customFields) ?? SORTS[q.sort] ?? SORTS.createdAt!;
  const { where, orderBy, sortValue } = keyset(key, deals.id, q.order, q.cursor);
  const rows = await db
    .select({ deal: deals, sortValue })
    .from(deals)
    .where(and(...dealConditions(actor, q), where))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  const result = page(
    rows.map((r) => ({ ...r.deal, sortValue: r.sortValue })),
    q.limit,
  );
  return { items: await withLinks(db, actor, result.items), nextCursor: result.nextCursor };
}
