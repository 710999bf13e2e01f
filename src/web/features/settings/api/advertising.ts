// Advertising integrations (/api/advertising/yandex-direct, /api/advertising/avito): status, connect,
// disconnect, sync now and the log of runs; and /api/advertising/campaigns with spend and lead source.
// A running sync is polled until it ends.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { del, get, patch, post } from "../../../lib/api.ts";
import type {
  AdIntegration,
  AdPlatform,
  AdRun,
  AdStatus,
  AvitoConnectValues,
  AvitoIntegration,
  Campaign,
  campaignPatchItem,
  DirectConnectValues,
  DirectIntegration,
} from "../logic/advertising.ts";
import { avitoConnectBody, directConnectBody } from "../logic/advertising.ts";
import { useRefreshingMutation } from "./mutations.ts";
import { POLL_MS, useRunLogQuery } from "./runLog.ts";

const base = (platform: AdPlatform) => `/api/advertising/${platform}`;
const CAMPAIGNS = "/api/advertising/campaigns";

export const advertisingKeys = {
  all: ["advertising"] as const,
  status: (platform: AdPlatform) => ["advertising", platform] as const,
  log: (platform: AdPlatform) => ["advertising", platform, "log"] as const,
  campaigns: ["advertising", "campaigns"] as const,
  campaignsIn: (period: { from: string; to: string }) => ["advertising", "campaigns", period] as const,
};

/** Polled while a run is in progress, so its end (and the spend it brought) shows. */
export const useAdIntegration = <T extends AdIntegration>(platform: AdPlatform) =>
  useQuery({
    queryKey: advertisingKeys.status(platform),
    queryFn: ({ signal }) => get<AdStatus<T>>(base(platform), undefined, signal),
    refetchInterval: (query) => {
      const data = query.state.data;
      return data?.connected && data.running ? POLL_MS : false;
    },
  });

const refreshed = (platform: AdPlatform) => [
  advertisingKeys.status(platform),
  advertisingKeys.log(platform),
  advertisingKeys.campaigns,
];

export const useConnectDirect = () =>
  useRefreshingMutation(
    (values: DirectConnectValues) =>
      post<DirectIntegration>(base("yandex-direct"), directConnectBody(values)),
    refreshed("yandex-direct"),
  );

export const useConnectAvito = () =>
  useRefreshingMutation(
    (values: AvitoConnectValues) => post<AvitoIntegration>(base("avito"), avitoConnectBody(values)),
    refreshed("avito"),
  );

export const useAdDisconnect = (platform: AdPlatform) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => del(base(platform)),
    onSettled: async () => {
      client.removeQueries({ queryKey: advertisingKeys.log(platform) });
      await client.invalidateQueries({ queryKey: advertisingKeys.status(platform) });
    },
  });
};

/** Imports the spend now; answers the run (the one already running, if any). */
export const useAdSyncNow = (platform: AdPlatform) =>
  useRefreshingMutation(() => post<AdRun>(`${base(platform)}/sync`), refreshed(platform));

/** The runs, newest first, page by page; followed while one is running. */
export const useAdRunLog = (platform: AdPlatform, running: boolean) =>
  useRunLogQuery<AdRun>(advertisingKeys.log(platform), `${base(platform)}/log`, running);

/** When a run ends, the campaigns it imported (and their spend) are fetched again. */
export function useCampaignsAfterRun(running: boolean) {
  const client = useQueryClient();
  const was = useRef(running);
  useEffect(() => {
    if (was.current && !running) void client.invalidateQueries({ queryKey: advertisingKeys.campaigns });
    was.current = running;
  }, [running, client]);
}

/** Campaigns and listings with their spend over the period. */
export const useCampaigns = (period: { from: string; to: string }) =>
  useQuery({
    queryKey: advertisingKeys.campaignsIn(period),
    queryFn: ({ signal }) => get<{ items: Campaign[] }>(CAMPAIGNS, period, signal),
    placeholderData: keepPreviousData,
  });

type CampaignPatchItem = NonNullable<ReturnType<typeof campaignPatchItem>>;

export const useUpdateCampaigns = () =>
  useRefreshingMutation(
    (items: CampaignPatchItem[]) => patch<{ items: Campaign[] }>(CAMPAIGNS, { items }),
    [advertisingKeys.campaigns],
  );
