// The advertising ROI report (GET /api/analytics/roi, docs/analytics.md): its period, its query (the same
// for the CSV), and its rows as the chart and the table show them (pure, tested in roi.test.ts).
import type { paths } from "../../../common/api/schema.d.ts";
import { apiUrl } from "../../lib/api.ts";
import { presetPeriod, ymd } from "./period.ts";

type RoiGet = paths["/api/analytics/roi"]["get"];
export type RoiReport = RoiGet["responses"][200]["content"]["application/json"];
export type RoiItem = RoiReport["items"][number];
export type RoiFigures = RoiReport["totals"];
export type RoiGroupBy = NonNullable<RoiGet["parameters"]["query"]["groupBy"]>;
export const ROI_GROUPS: RoiGroupBy[] = ["source", "campaign"];

export const ROI_PRESETS = ["month", "last30"] as const;
export type RoiChoice = (typeof ROI_PRESETS)[number] | "custom";

/**
 * The report's days: this month (its first to its last day), the last 30 days up to today, or a range
 * picked by hand; null while a picked range lacks an end (the API needs both).
 */
export function roiPeriod(
  choice: RoiChoice,
  custom: [string | null, string | null],
  today: Date = new Date(),
): { from: string; to: string } | null {
  switch (choice) {
    case "month":
      return presetPeriod("month", today);
    case "last30":
      return {
        from: ymd(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29)),
        to: ymd(today),
      };
    case "custom": {
      const [from, to] = custom;
      if (!from || !to) return null;
      return from > to ? { from: to, to: from } : { from, to };
    }
  }
}

export interface RoiQuery {
  from: string;
  to: string;
  groupBy: RoiGroupBy;
  pipelineId?: string;
}

export const roiQuery = (
  period: { from: string; to: string },
  groupBy: RoiGroupBy,
  pipelineId: string | null,
): RoiQuery => ({ ...period, groupBy, ...(pipelineId ? { pipelineId } : {}) });

/** The CSV of the same report, for a plain link (the browser downloads it with the session cookie). */
export const roiCsvUrl = (query: RoiQuery) => apiUrl("/api/analytics/roi.csv", { ...query });

/** A row's name: the "—" row (no source, or no campaign matched) in words. */
export const roiRowName = (item: RoiItem, none: string) => (item.key === null ? none : item.name);

export interface RoiBar {
  name: string;
  spendMinor: number;
  revenueMinor: number;
}

/** The chart's bars: spend against revenue per row, rows with neither left out. */
export const roiBars = (report: RoiReport, none: string): RoiBar[] =>
  report.items
    .filter((i) => i.spendMinor > 0 || i.revenueMinor > 0)
    .map((i) => ({ name: roiRowName(i, none), spendMinor: i.spendMinor, revenueMinor: i.revenueMinor }));

export const isRoiEmpty = (report: RoiReport) =>
  report.items.length === 0 ||
  (report.totals.spendMinor === 0 && report.totals.leads === 0 && report.totals.deals === 0);

/** ROMI's colour: green when the advertising paid back, red when it did not, none without spend. */
export const romiColor = (romi: number | null) => (romi === null ? undefined : romi >= 0 ? "teal" : "red");
