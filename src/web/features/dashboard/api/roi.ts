// The advertising ROI report (GET /api/analytics/roi).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { get } from "../../../lib/api.ts";
import type { RoiQuery, RoiReport } from "../roi.ts";
import { analyticsKeys } from "./analytics.ts";

export const roiKey = (query: RoiQuery | null) => [...analyticsKeys.all, "roi", query] as const;

export const useRoi = (query: RoiQuery | null) =>
  useQuery({
    queryKey: roiKey(query),
    queryFn: ({ signal }) => get<RoiReport>("/api/analytics/roi", { ...query }, signal),
    enabled: query !== null,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
