// The dashboard's SQL. Deals are always scoped by visibleTo, tasks by taskVisibleTo, conversations by
// conversationVisibleTo: a report counts exactly the records the caller's lists show.
import { and, count, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { type Db, queryRows } from "../../db/client.ts";
import {
  conversations,
  dealStageHistory,
  deals,
  leadSources,
  members,
  stages,
  tasks,
  users,
  workspaces,
} from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import {
  conversationVisibleTo,
  firstResponseSeconds as firstResponse,
  overdue,
} from "../conversations/conversations.queries.ts";
import { taskVisibleTo } from "../tasks/tasks.service.ts";

/** A resolved period: ISO instants, null for an open end. */
export interface Period {
  from: string | null;
  to: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function workspaceSettings(db: Db, actor: Actor) {
  const [row] = await db
    .select({
      timezone: workspaces.timezone,
      currency: workspaces.currency,
      unansweredMinutes: workspaces.unansweredMinutes,
    })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  return row ?? { timezone: "Europe/Moscow", currency: "RUB", unansweredMinutes: 60 };
}

/** Dates become local midnights in `timezone` (`to` the next one, so its day is included); instants stay. */
export async function resolvePeriod(db: Db, timezone: string, from?: string, to?: string): Promise<Period> {
  const bound = (value: string | undefined, nextDay: boolean) => {
    if (value === undefined) return sql`null::float8`;
    const instant = DATE.test(value)
      ? sql`((${value}::date + ${nextDay ? 1 : 0}::int)::timestamp at time zone ${timezone})`
      : sql`${value}::timestamptz`;
    return sql`(extract(epoch from ${instant}) * 1000)::float8`;
  };
  const [row] = await queryRows<{ from: number | null; to: number | null }>(
    db,
    sql`select ${bound(from, false)} as "from", ${bound(to, true)} as "to"`,
  );
  const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
  return { from: iso(row?.from), to: iso(row?.to) };
}

function within(column: PgColumn | SQL, period: Period): SQL[] {
  return [
    ...(period.from ? [sql`${column} >= ${period.from}::timestamptz`] : []),
    ...(period.to ? [sql`${column} < ${period.to}::timestamptz`] : []),
  ];
}

/** The funnel's cohort: visible deals now in the pipeline, created in the period. */
function cohort(actor: Actor, pipelineId: string, period: Period) {
  return and(visibleTo(actor, deals), eq(deals.pipelineId, pipelineId), ...within(deals.createdAt, period));
}

/** Cohort deals per current stage and status. */
export function currentByStage(db: Db, actor: Actor, pipelineId: string, period: Period) {
  return db
    .select({ stageId: deals.stageId, status: deals.status, n: count() })
    .from(deals)
    .where(cohort(actor, pipelineId, period))
    .groupBy(deals.stageId, deals.status);
}

/**
 * How far the cohort's deals got, from the stage history (and the current stage): the furthest open
 * stage position each visited and whether it was ever won or lost, counted per combination.
 */
export function reachCounts(db: Db, actor: Actor, pipelineId: string, period: Period) {
  return queryRows<{ furthest: number | null; won: boolean; lost: boolean; n: number }>(
    db,
    sql`
      with cohort as (
        select ${deals.id} as id, ${deals.stageId} as stage_id from ${deals}
         where ${cohort(actor, pipelineId, period)}
      ),
      visited as (
        select h.deal_id, h.stage_id from ${dealStageHistory} h
          join cohort c on c.id = h.deal_id
         where h.workspace_id = ${actor.workspaceId}
        union
        select id, stage_id from cohort
      ),
      reach as (
        select v.deal_id,
               max(s.position) filter (where s.kind = 'open') as furthest,
               coalesce(bool_or(s.kind = 'won'), false) as won,
               coalesce(bool_or(s.kind = 'lost'), false) as lost
          from visited v
          join ${stages} s on s.workspace_id = ${actor.workspaceId} and s.pipeline_id = ${pipelineId}
                          and s.id = v.stage_id
         group by v.deal_id
      )
      select furthest, won, lost, count(*)::int as n from reach group by furthest, won, lost`,
  );
}

/**
 * How long the cohort's deals stayed in each stage of the pipeline, in hours: the mean over their stays
 * (a stay still going counts until now).
 */
export function hoursInStage(db: Db, actor: Actor, pipelineId: string, period: Period) {
  return queryRows<{ stageId: string; hours: number }>(
    db,
    sql`
      select h.stage_id as "stageId",
             avg(extract(epoch from coalesce(h.left_at, now()) - h.entered_at) / 3600)::float8 as hours
        from ${dealStageHistory} h
        join ${deals} on ${deals.workspaceId} = h.workspace_id and ${deals.id} = h.deal_id
       where h.workspace_id = ${actor.workspaceId} and h.pipeline_id = ${pipelineId}
         and ${cohort(actor, pipelineId, period)}
       group by h.stage_id`,
  );
}

/** Won deals per calendar month of the workspace's time zone, the last `months` months, oldest first. */
export function wonByMonth(db: Db, actor: Actor, timezone: string, months: number) {
  return queryRows<{ month: string; currency: string | null; n: number; sum: string }>(
    db,
    sql`
      with months as (
        select generate_series(
                 date_trunc('month', now() at time zone ${timezone}) - make_interval(months => ${months - 1}::int),
                 date_trunc('month', now() at time zone ${timezone}),
                 interval '1 month') as start
      ),
      won as (
        select date_trunc('month', ${deals.closedAt} at time zone ${timezone}) as start, ${deals.currency} as currency,
               count(*)::int as n, sum(${deals.amountMinor}) as sum
          from ${deals}
         where ${visibleTo(actor, deals)} and ${deals.status} = 'won'
           and ${deals.closedAt} >= ((select min(start) from months) at time zone ${timezone})
         group by 1, 2
      )
      select to_char(m.start, 'YYYY-MM') as month, w.currency, coalesce(w.n, 0)::int as n,
             coalesce(w.sum, 0)::text as sum
        from months m left join won w on w.start = m.start
       order by m.start, w.currency`,
  );
}

/** Visible deals created in the period, per source, status and currency. */
export function dealsBySource(db: Db, actor: Actor, period: Period) {
  return db
    .select({
      sourceId: deals.sourceId,
      status: deals.status,
      currency: deals.currency,
      n: count(),
      sum: sql<string>`sum(${deals.amountMinor})::text`,
    })
    .from(deals)
    .where(and(visibleTo(actor, deals), ...within(deals.createdAt, period)))
    .groupBy(deals.sourceId, deals.status, deals.currency);
}

export function listSources(db: Db, actor: Actor) {
  return db
    .select({ id: leadSources.id, name: leadSources.name, kind: leadSources.kind })
    .from(leadSources)
    .where(inWorkspace(actor, leadSources));
}

/**
 * The members whose records the caller may see: the membership row scoped like an owned record, so
 * `all` lists everyone, `team` the caller and teammates, `own` the caller.
 */
export function visibleMembers(db: Db, actor: Actor) {
  return db
    .select({ userId: members.userId, role: members.role, name: users.name, email: users.email })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(visibleTo(actor, { workspaceId: members.workspaceId, ownerId: members.userId }));
}

/** Visible deals per owner, status and currency: open ones now, won and lost ones closed in the period. */
export function dealsByOwner(db: Db, actor: Actor, period: Period) {
  return db
    .select({
      ownerId: deals.ownerId,
      status: deals.status,
      currency: deals.currency,
      n: count(),
      sum: sql<string>`sum(${deals.amountMinor})::text`,
    })
    .from(deals)
    .where(
      and(
        visibleTo(actor, deals),
        or(eq(deals.status, "open"), and(sql`${deals.status} <> 'open'`, ...within(deals.closedAt, period))),
      ),
    )
    .groupBy(deals.ownerId, deals.status, deals.currency);
}

/** Visible open tasks past due, per assignee. */
export function overdueByAssignee(db: Db, actor: Actor) {
  return db
    .select({ assigneeId: tasks.assigneeId, n: count() })
    .from(tasks)
    .where(and(taskVisibleTo(actor), isNull(tasks.doneAt), sql`${tasks.dueAt} < now()`))
    .groupBy(tasks.assigneeId);
}

/**
 * First-response figures of the visible conversations whose first client message is in the period: one
 * row per day of the workspace's time zone and one total row (`day` null), by grouping sets, so the
 * median of the whole period is a real median and not a mean of daily medians.
 */
export function responseTimes(db: Db, actor: Actor, timezone: string, period: Period) {
  return queryRows<{
    day: string | null;
    answered: number;
    unanswered: number;
    median: number | null;
    p90: number | null;
  }>(
    db,
    sql`
      select to_char(${conversations.firstInboundAt} at time zone ${timezone}, 'YYYY-MM-DD') as day,
             count(${conversations.firstResponseAt})::int as answered,
             (count(*) - count(${conversations.firstResponseAt}))::int as unanswered,
             round(percentile_cont(0.5) within group (order by ${firstResponse}))::float8 as median,
             round(percentile_cont(0.9) within group (order by ${firstResponse}))::float8 as p90
        from ${conversations}
       where ${and(
         conversationVisibleTo(actor),
         sql`${conversations.firstInboundAt} is not null`,
         ...within(conversations.firstInboundAt, period),
       )}
       group by grouping sets ((1), ())
       order by 1 nulls first`,
  );
}

/** Visible conversations overdue now (the same condition as the inbox's `overdue=true`). */
export async function overdueConversations(db: Db, actor: Actor) {
  const [row] = await db
    .select({ n: count() })
    .from(conversations)
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .where(and(conversationVisibleTo(actor), overdue));
  return row?.n ?? 0;
}
