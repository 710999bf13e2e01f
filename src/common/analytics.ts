// The dashboard's reports (/api/analytics/*): queries and answers; shared with the web app.
import { z } from "zod";

/**
 * A period bound: a date (`2025-03-01`, a whole day in the workspace's time zone, so `to` includes that
 * day) or an instant with an offset (`2025-03-01T00:00:00+03:00`, `to` excluded).
 */
const bound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Either end may be left open. */
export const periodQuery = z.object({ from: bound.optional(), to: bound.optional() });
export type PeriodQuery = z.infer<typeof periodQuery>;

export const funnelQuery = periodQuery.extend({
  /** The workspace's default pipeline when absent. */
  pipelineId: z.string().min(1).max(64).optional(),
});
export type FunnelQuery = z.infer<typeof funnelQuery>;

export const revenueQuery = z.object({
  /** Calendar months up to and including the current one. */
  months: z.coerce.number().int().min(1).max(36).default(12),
});

/** Exact money: minor units (kopecks) of one currency. */
export const money = z.object({ currency: z.string(), amountMinor: z.number() });
/** Sums per currency; the workspace's currency always comes first, even when it is 0. */
const amounts = z.array(money);

/** The period applied, as instants (ISO 8601, UTC); null for an open end. */
export const period = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  timezone: z.string(),
});

const percent = z.number().nullable();

export const funnelReport = z.object({
  pipeline: z.object({ id: z.string(), name: z.string() }),
  /** Deals created in the period (and now in the pipeline) form the cohort. */
  period,
  stages: z.array(
    z.object({
      stageId: z.string(),
      name: z.string(),
      kind: z.enum(["open", "won", "lost"]),
      /** Open stage: deals that were in it or a later open stage, or won. Won, lost: deals that were in it. */
      reached: z.number().int(),
      /** Deals of the cohort in the stage now. */
      current: z.number().int(),
      /** reached ÷ reached of the previous open stage, one decimal; null for the first stage and lost. */
      conversionPercent: percent,
      /** The cohort's mean stay in the stage, in hours (a stay still going counts until now); null: none. */
      avgHoursInStage: z.number().nullable(),
    }),
  ),
  totals: z.object({
    deals: z.number().int(),
    open: z.number().int(),
    won: z.number().int(),
    lost: z.number().int(),
    /** won ÷ deals. */
    conversionPercent: percent,
    /** won ÷ (won + lost). */
    winRatePercent: percent,
  }),
});
export type FunnelReport = z.infer<typeof funnelReport>;

export const revenueReport = z.object({
  timezone: z.string(),
  currency: z.string(),
  /** Oldest first; a month without wins has 0 deals and 0 amounts. */
  months: z.array(
    z.object({
      /** `YYYY-MM` in the workspace's time zone. */
      month: z.string(),
      won: z.number().int(),
      amounts,
    }),
  ),
});
export type RevenueReport = z.infer<typeof revenueReport>;

export const sourcesReport = z.object({
  period,
  /** Every lead source of the workspace, most deals first, then "no source" (`sourceId: null`) last. */
  sources: z.array(
    z.object({
      sourceId: z.string().nullable(),
      name: z.string().nullable(),
      kind: z.string().nullable(),
      /** Deals created in the period. */
      deals: z.number().int(),
      /** Of those, won now. */
      won: z.number().int(),
      wonAmounts: amounts,
    }),
  ),
});
export type SourcesReport = z.infer<typeof sourcesReport>;

export const managersReport = z.object({
  period,
  /**
   * Every member whose records the caller may see (all, the teams', or only the caller), by name, then
   * `userId: null` for unassigned deals and tasks when there are any.
   */
  managers: z.array(
    z.object({
      userId: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      role: z.enum(["owner", "admin", "manager", "member"]).nullable(),
      /** Open now, whatever the period. */
      openDeals: z.number().int(),
      openAmounts: amounts,
      /** Won and lost: closed within the period. */
      wonDeals: z.number().int(),
      wonAmounts: amounts,
      lostDeals: z.number().int(),
      /** Open tasks past their due time now. */
      overdueTasks: z.number().int(),
    }),
  ),
});
export type ManagersReport = z.infer<typeof managersReport>;

/** Seconds; null when nothing was answered. */
const seconds = z.number().int().nullable();

export const responsesReport = z.object({
  /** The cohort: conversations whose client wrote first within the period. */
  period,
  /** The workspace's setting: a client waiting longer than this many minutes is overdue. */
  unansweredMinutes: z.number().int(),
  /** From the client's first message to our first reply, over the answered ones of the cohort. */
  medianSeconds: seconds,
  p90Seconds: seconds,
  answered: z.number().int(),
  /** Of the cohort, never answered yet. */
  unanswered: z.number().int(),
  /** Visible conversations waiting longer than `unansweredMinutes` now, whatever the period. */
  overdueNow: z.number().int(),
  /** Per day of the first message (the workspace's time zone), days with a first message only, oldest first. */
  days: z.array(
    z.object({
      /** `YYYY-MM-DD`. */
      day: z.string(),
      answered: z.number().int(),
      unanswered: z.number().int(),
      medianSeconds: seconds,
    }),
  ),
});
export type ResponsesReport = z.infer<typeof responsesReport>;
