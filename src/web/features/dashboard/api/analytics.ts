// The dashboard's reports (GET /api/analytics/*), typed by the schemas the server answers with.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type {
  FunnelReport,
  ManagersReport,
  ResponsesReport,
  RevenueReport,
  SourcesReport,
} from "../../../../common/analytics.ts";
import { get } from "../../../lib/api.ts";
import type { Period } from "../period.ts";

/** The revenue chart's span in months (the API allows 1–36). */
export const REVENUE_MONTHS = 12;

export const analyticsKeys = {
  all: ["analytics"] as const,
  funnel: (pipelineId: string | undefined, period: Period) =>
    ["analytics", "funnel", pipelineId, period] as const,
  revenue: (months: number) => ["analytics", "revenue", months] as const,
  sources: (period: Period) => ["analytics", "sources", period] as const,
  managers: (period: Period) => ["analytics", "managers", period] as const,
  responsesAll: ["analytics", "responses"] as const,
  responses: (period: Period) => ["analytics", "responses", period] as const,
};

// Reports are cheap to keep for a minute; live events invalidate them sooner when deals change.
const common = { staleTime: 60_000, placeholderData: keepPreviousData };

export const useFunnel = (pipelineId: string | undefined, period: Period, enabled: boolean) =>
  useQuery({
    queryKey: analyticsKeys.funnel(pipelineId, period),
    queryFn: () => get<FunnelReport>("/api/analytics/funnel", { pipelineId, ...period }),
    enabled,
    ...common,
  });

export const useRevenue = (months = REVENUE_MONTHS) =>
  useQuery({
    queryKey: analyticsKeys.revenue(months),
    queryFn: () => get<RevenueReport>("/api/analytics/revenue", { months }),
    ...common,
  });

export const useSourcesReport = (period: Period) =>
  useQuery({
    queryKey: analyticsKeys.sources(period),
    queryFn: () => get<SourcesReport>("/api/analytics/sources", { ...period }),
    ...common,
  });

export const useManagersReport = (period: Period) =>
  useQuery({
    queryKey: analyticsKeys.managers(period),
    queryFn: () => get<ManagersReport>("/api/analytics/managers", { ...period }),
    ...common,
  });

export const useResponsesReport = (period: Period) =>
  useQuery({
    queryKey: analyticsKeys.responses(period),
    queryFn: () => get<ResponsesReport>("/api/analytics/responses", { ...period }),
    ...common,
  });
