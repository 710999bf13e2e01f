// The ROI report (/api/analytics/roi): advertising spend against the leads, deals and revenue it brought.
import { z } from "zod";

export const roiQuery = z.object({
  /** The first day, `YYYY-MM-DD`, included. */
  from: z.iso.date(),
  /** The last day, `YYYY-MM-DD`, included. */
  to: z.iso.date(),
  /** Count only the deals of this pipeline (spend is never per pipeline). */
  pipelineId: z.string().min(1).max(64).optional(),
  groupBy: z.enum(["source", "campaign"]).default("source"),
});
export type RoiQuery = z.infer<typeof roiQuery>;

const int = z.number().int();

/** The figures of one row, and of the whole period. Money in minor units of the workspace's currency. */
export const roiFigures = z.object({
  /** Sum of the daily spend of the days in the period. */
  spendMinor: int,
  impressions: int,
  clicks: int,
  /** Deals created in the period (not from an accepted Unsorted lead) + Unsorted leads of the period. */
  leads: int,
  /** Deals created in the period. */
  deals: int,
  /** Of those deals, won now. */
  won: int,
  /** Sum of the won ones' amounts (those in the workspace's currency). */
  revenueMinor: int,
  /** spend ÷ leads, rounded; null without leads. */
  cplMinor: int.nullable(),
  /** spend ÷ won, rounded; null without won deals. */
  cacMinor: int.nullable(),
  /** (revenue − spend) ÷ spend × 100, one decimal; null without spend. */
  romi: z.number().nullable(),
});
export type RoiFigures = z.infer<typeof roiFigures>;

export const roiReport = z.object({
  groupBy: z.enum(["source", "campaign"]),
  /** The workspace's currency: spend and revenue are taken to be in it. */
  currency: z.string(),
  period: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
  /**
   * Per lead source (`key` the source id) or per campaign (`key` `<platform>:<external id>`), most spend
   * first; rows with nothing in the period are left out; `key: null` ("—") last: deals without a source
   * and spend of campaigns mapped to none, or results matching no campaign.
   */
  items: z.array(roiFigures.extend({ key: z.string().nullable(), name: z.string() })),
  /** The whole period, each deal, lead and spend row counted once, whatever the grouping. */
  totals: roiFigures,
});
export type RoiReport = z.infer<typeof roiReport>;
