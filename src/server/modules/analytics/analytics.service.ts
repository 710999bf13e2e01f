import { asc, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { pipelines } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { getPipeline } from "../pipelines/pipelines.service.ts";
import {
  currentByStage,
  dealsByOwner,
  dealsBySource,
  hoursInStage,
  listSources,
  overdueByAssignee,
  overdueConversations,
  type Period,
  reachCounts,
  resolvePeriod,
  responseTimes,
  visibleMembers,
  wonByMonth,
  workspaceSettings,
} from "./analytics.queries.ts";
import type {
  FunnelQuery,
  FunnelReport,
  ManagersReport,
  PeriodQuery,
  ResponsesReport,
  RevenueReport,
  SourcesReport,
} from "./analytics.schemas.ts";

type Money = { currency: string; amountMinor: number };

/** n ÷ base in percent with one decimal; null without a base. */
const percent = (n: number, base: number | null) => (base ? Math.round((n / base) * 1000) / 10 : null);
const sum = <T>(rows: T[], value: (row: T) => number) => rows.reduce((n, r) => n + value(r), 0);

/** Sums per currency: the workspace's first (0 when absent), then the others alphabetically. */
function moneyList(sums: Map<string, number>, main: string, also: Iterable<string> = []): Money[] {
  const others = [...new Set([...sums.keys(), ...also])].filter((c) => c !== main).sort();
  return [main, ...others].map((currency) => ({ currency, amountMinor: sums.get(currency) ?? 0 }));
}

function addTo(sums: Map<string, number>, currency: string, amount: number) {
  sums.set(currency, (sums.get(currency) ?? 0) + amount);
}

/** The workspace's settings and the period, refused (422) when it ends before it starts. */
async function reportContext(db: Db, actor: Actor, q: PeriodQuery) {
  authorize(actor, "analytics.view");
  const settings = await workspaceSettings(db, actor);
  const period: Period = await resolvePeriod(db, settings.timezone, q.from, q.to);
  if (period.from && period.to && period.from >= period.to) {
    throw new AppError("validation_failed", "The period ends before it starts", [
      { field: "query.from", message: "must be before to" },
    ]);
  }
  return { ...settings, period, periodOut: { ...period, timezone: settings.timezone } };
}

async function pipelineFor(db: Db, actor: Actor, pipelineId: string | undefined) {
  if (pipelineId) return getPipeline(db, actor, pipelineId);
  const [first] = await db
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(inWorkspace(actor, pipelines))
    .orderBy(sql`${pipelines.isDefault} desc`, asc(pipelines.position))
    .limit(1);
  if (!first) throw notFound("Pipeline");
  return getPipeline(db, actor, first.id);
}

/**
 * The pipeline's funnel for deals created in the period: per stage how many got at least that far, how
 * many are there now and the conversion from the previous open stage; won and lost totals.
 */
/** One decimal; null stays null. */
const roundTo = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export async function funnel(db: Db, actor: Actor, q: FunnelQuery): Promise<FunnelReport> {
  const { period, periodOut } = await reportContext(db, actor, q);
  const pipeline = await pipelineFor(db, actor, q.pipelineId);
  const [current, reach, stays] = await Promise.all([
    currentByStage(db, actor, pipeline.id, period),
    reachCounts(db, actor, pipeline.id, period),
    hoursInStage(db, actor, pipeline.id, period),
  ]);
  // A won deal passed every open stage; otherwise a deal got as far as the furthest open stage it was in.
  const reachedOpen = (position: number) =>
    sum(
      reach.filter((r) => r.won || (r.furthest !== null && r.furthest >= position)),
      (r) => r.n,
    );
  let previous: number | null = null;
  const stages = pipeline.stages.map((stage) => {
    const reached =
      stage.kind === "open"
        ? reachedOpen(stage.position)
        : sum(
            reach.filter((r) => (stage.kind === "won" ? r.won : r.lost)),
            (r) => r.n,
          );
    const conversionPercent = stage.kind === "lost" ? null : percent(reached, previous);
    if (stage.kind === "open") previous = reached;
    return {
      stageId: stage.id,
      name: stage.name,
      kind: stage.kind,
      reached,
      current: sum(
        current.filter((c) => c.stageId === stage.id),
        (c) => c.n,
      ),
      conversionPercent,
      avgHoursInStage: roundTo(stays.find((h) => h.stageId === stage.id)?.hours ?? null),
    };
  });
  const byStatus = (status: string) =>
    sum(
      current.filter((c) => c.status === status),
      (c) => c.n,
    );
  const deals = sum(current, (c) => c.n);
  const [won, lost] = [byStatus("won"), byStatus("lost")];
  return {
    pipeline: { id: pipeline.id, name: pipeline.name },
    period: periodOut,
    stages,
    totals: {
      deals,
      open: byStatus("open"),
      won,
      lost,
      conversionPercent: percent(won, deals),
      winRatePercent: percent(won, won + lost),
    },
  };
}

/** Won deals per calendar month (by the date they were won), the last `months` months, oldest first. */
export async function revenue(db: Db, actor: Actor, q: { months: number }): Promise<RevenueReport> {
  const { timezone, currency } = await reportContext(db, actor, {});
  const rows = await wonByMonth(db, actor, timezone, q.months);
  const currencies = rows.flatMap((r) => (r.currency ? [r.currency] : []));
  const months = [...new Set(rows.map((r) => r.month))].map((month) => {
    const mine = rows.filter((r) => r.month === month && r.currency);
    const sums = new Map(mine.map((r) => [r.currency as string, Number(r.sum)]));
    return {
      month,
      won: sum(mine, (r) => r.n),
      amounts: moneyList(sums, currency, currencies),
    };
  });
  return { timezone, currency, months };
}

/** Deals created in the period per lead source: how many, how many of them are won and for how much. */
export async function sources(db: Db, actor: Actor, q: PeriodQuery): Promise<SourcesReport> {
  const { currency, period, periodOut } = await reportContext(db, actor, q);
  const [rows, list] = await Promise.all([dealsBySource(db, actor, period), listSources(db, actor)]);
  const figures = (sourceId: string | null) => {
    const mine = rows.filter((r) => r.sourceId === sourceId);
    const won = mine.filter((r) => r.status === "won");
    const sums = new Map<string, number>();
    for (const r of won) addTo(sums, r.currency, Number(r.sum));
    return { deals: sum(mine, (r) => r.n), won: sum(won, (r) => r.n), wonAmounts: moneyList(sums, currency) };
  };
  const named = list
    .map((s) => ({ sourceId: s.id, name: s.name, kind: s.kind, ...figures(s.id) }))
    .sort((a, b) => b.deals - a.deals || a.name.localeCompare(b.name, "ru"));
  return {
    period: periodOut,
    sources: [...named, { sourceId: null, name: null, kind: null, ...figures(null) }],
  };
}

/**
 * Per member the caller may see: open deals now, deals won and lost in the period, overdue tasks now;
 * then the unassigned ones, if any.
 */
export async function managers(db: Db, actor: Actor, q: PeriodQuery): Promise<ManagersReport> {
  const { currency, period, periodOut } = await reportContext(db, actor, q);
  const [people, dealRows, taskRows] = await Promise.all([
    visibleMembers(db, actor),
    dealsByOwner(db, actor, period),
    overdueByAssignee(db, actor),
  ]);
  const figures = (userId: string | null) => {
    const mine = dealRows.filter((r) => r.ownerId === userId);
    const of = (status: string) => mine.filter((r) => r.status === status);
    const amounts = (status: string) => {
      const sums = new Map<string, number>();
      for (const r of of(status)) addTo(sums, r.currency, Number(r.sum));
      return moneyList(sums, currency);
    };
    return {
      openDeals: sum(of("open"), (r) => r.n),
      openAmounts: amounts("open"),
      wonDeals: sum(of("won"), (r) => r.n),
      wonAmounts: amounts("won"),
      lostDeals: sum(of("lost"), (r) => r.n),
      overdueTasks: sum(
        taskRows.filter((t) => t.assigneeId === userId),
        (t) => t.n,
      ),
    };
  };
  const rows: ManagersReport["managers"] = people
    .sort((a, b) => a.name.localeCompare(b.name, "ru") || a.userId.localeCompare(b.userId))
    .map((p) => ({ userId: p.userId, name: p.name, email: p.email, role: p.role, ...figures(p.userId) }));
  const unassigned = figures(null);
  if (unassigned.openDeals + unassigned.wonDeals + unassigned.lostDeals + unassigned.overdueTasks > 0) {
    rows.push({ userId: null, name: null, email: null, role: null, ...unassigned });
  }
  return { period: periodOut, managers: rows };
}

/**
 * First-response times of the conversations whose client first wrote in the period (median and p90 over
 * the answered ones, per day too), how many are still unanswered, and how many are overdue now.
 */
export async function responses(db: Db, actor: Actor, q: PeriodQuery): Promise<ResponsesReport> {
  const { timezone, unansweredMinutes, period, periodOut } = await reportContext(db, actor, q);
  const [rows, overdueNow] = await Promise.all([
    responseTimes(db, actor, timezone, period),
    overdueConversations(db, actor),
  ]);
  const total = rows.find((r) => r.day === null);
  return {
    period: periodOut,
    unansweredMinutes,
    medianSeconds: total?.median ?? null,
    p90Seconds: total?.p90 ?? null,
    answered: total?.answered ?? 0,
    unanswered: total?.unanswered ?? 0,
    overdueNow,
    days: rows.flatMap((r) =>
      r.day === null
        ? []
        : [{ day: r.day, answered: r.answered, unanswered: r.unanswered, medianSeconds: r.median }],
    ),
  };
}
