// Messaging channels of the workspace, per platform (/api/messaging/*): list, connect, edit, disconnect.
import { useQuery } from "@tanstack/react-query";
import { del, get, patch, post } from "../../../lib/api.ts";
import {
  type Channel,
  type ChannelFormValues,
  channelPath,
  type Platform,
  toConnectBody,
  toUpdateBody,
  type WhatsAppConnected,
} from "../logic/channels.ts";
import { useRefreshingMutation } from "./mutations.ts";

const key = (platform: Platform) => ["messaging-channels", platform] as const;

export const useChannels = (platform: Platform) =>
  useQuery({
    queryKey: key(platform),
    queryFn: async () => (await get<{ items: Channel[] }>(channelPath(platform))).items,
  });

export const useConnectChannel = (platform: Platform) =>
  useRefreshingMutation(
    (values: ChannelFormValues) =>
      post<Channel | WhatsAppConnected>(channelPath(platform), toConnectBody(platform, values)),
    [key(platform)],
  );

export const useUpdateChannel = (platform: Platform) =>
  useRefreshingMutation(
    ({ id, values }: { id: string; values: Omit<ChannelFormValues, "credentials"> }) =>
      patch<Channel>(`${channelPath(platform)}/${id}`, toUpdateBody(values)),
    [key(platform)],
  );

export const useDisconnectChannel = (platform: Platform) =>
  useRefreshingMutation((id: string) => del(`${channelPath(platform)}/${id}`), [key(platform)]);
