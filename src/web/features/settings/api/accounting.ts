// Accounting integrations (/api/accounting/moysklad and /api/accounting/one-c): status and settings,
// connect, disconnect, sync now, and the log of sync runs. A running sync is polled until it ends.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { del, get, patch, post } from "../../../lib/api.ts";
import type {
  MoySklad,
  MoySkladConnectValues,
  MoySkladSettings,
  OneC,
  OneCCreated,
  OneCSettings,
  Run,
  Status,
} from "../logic/accounting.ts";
import { toConnectBody } from "../logic/accounting.ts";
import { useRefreshingMutation } from "./mutations.ts";
import { POLL_MS, useRunLogQuery } from "./runLog.ts";

export type AccountingPlatform = "moysklad" | "one-c";
const base = (platform: AccountingPlatform) => `/api/accounting/${platform}`;

export const accountingKeys = {
  status: (platform: AccountingPlatform) => ["accounting", platform] as const,
  log: (platform: AccountingPlatform) => ["accounting", platform, "log"] as const,
};

/** Polled while a run is in progress, so its progress bar moves and its end shows. */
export const useMoySklad = () =>
  useQuery({
    queryKey: accountingKeys.status("moysklad"),
    queryFn: ({ signal }) => get<Status<MoySklad>>(base("moysklad"), undefined, signal),
    refetchInterval: (query) => (runningOf(query.state.data) ? POLL_MS : false),
  });

export const useOneC = () =>
  useQuery({
    queryKey: accountingKeys.status("one-c"),
    queryFn: ({ signal }) => get<Status<OneC>>(base("one-c"), undefined, signal),
    refetchInterval: (query) => (runningOf(query.state.data) ? POLL_MS : false),
  });

const runningOf = (data: Status<MoySklad | OneC> | undefined) => (data?.connected ? data.running : null);

const both = (platform: AccountingPlatform) => [
  accountingKeys.status(platform),
  accountingKeys.log(platform),
];

export const useConnectMoySklad = () =>
  useRefreshingMutation(
    (values: MoySkladConnectValues) => post<MoySklad>(base("moysklad"), toConnectBody(values)),
    both("moysklad"),
  );

export const useUpdateMoySklad = () =>
  useRefreshingMutation(
    (settings: Partial<MoySkladSettings>) => patch<MoySklad>(base("moysklad"), settings),
    [accountingKeys.status("moysklad")],
  );

export const useConnectOneC = () =>
  useRefreshingMutation(() => post<OneCCreated>(base("one-c"), {}), both("one-c"));

export const useNewOneCPassword = () =>
  useRefreshingMutation(
    () => post<OneCCreated>(`${base("one-c")}/password`),
    [accountingKeys.status("one-c")],
  );

export const useUpdateOneC = () =>
  useRefreshingMutation(
    (settings: Partial<OneCSettings>) => patch<OneC>(base("one-c"), settings),
    [accountingKeys.status("one-c")],
  );

export const useDisconnect = (platform: AccountingPlatform) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => del(base(platform)),
    onSettled: async () => {
      client.removeQueries({ queryKey: accountingKeys.log(platform) });
      await client.invalidateQueries({ queryKey: accountingKeys.status(platform) });
    },
  });
};

/** Sync now (MoySklad) or send every deal again (1C); answers the run, already running or new. */
export const useSyncNow = (platform: AccountingPlatform) =>
  useRefreshingMutation(() => post<Run>(`${base(platform)}/sync`), both(platform));

/** The runs, newest first, page by page; followed while the newest one is still running. */
export const useRunLog = (platform: AccountingPlatform, running: boolean) =>
  useRunLogQuery<Run>(accountingKeys.log(platform), `${base(platform)}/log`, running);
