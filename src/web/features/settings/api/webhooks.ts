// Outgoing webhooks (/api/webhooks): subscriptions, their secret (shown once, at creation or rotation),
// a test ping, and the deliveries log with replay.
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { del, get, patch, post } from "../../../lib/api.ts";
import {
  type Delivery,
  type TestResult,
  toWebhookBody,
  type Webhook,
  type WebhookFormValues,
} from "../logic/webhooks.ts";
import { useRefreshingMutation } from "./mutations.ts";

const BASE = "/api/webhooks";
const PAGE = 25;

export const webhookKeys = {
  list: ["webhooks"] as const,
  deliveries: (id: string) => ["webhooks", id, "deliveries"] as const,
};

export const useWebhooks = () =>
  useQuery({ queryKey: webhookKeys.list, queryFn: () => get<{ items: Webhook[] }>(BASE) });

export const useCreateWebhook = () =>
  useRefreshingMutation(
    (values: WebhookFormValues) => post<Webhook & { secret: string }>(BASE, toWebhookBody(values)),
    [webhookKeys.list],
  );

export const useUpdateWebhook = () =>
  useRefreshingMutation(
    ({ id, body }: { id: string; body: Partial<ReturnType<typeof toWebhookBody>> }) =>
      patch<Webhook>(`${BASE}/${id}`, body),
    [webhookKeys.list],
  );

export const useDeleteWebhook = () =>
  useRefreshingMutation((id: string) => del(`${BASE}/${id}`), [webhookKeys.list]);

export const useRotateSecret = () =>
  useMutation({ mutationFn: (id: string) => post<{ secret: string }>(`${BASE}/${id}/rotate-secret`) });

/** Sends a `ping`; the receiver's answer may change `failingSince`, hence the refresh. */
export const useTestWebhook = () =>
  useRefreshingMutation((id: string) => post<TestResult>(`${BASE}/${id}/test`), [webhookKeys.list]);

/** The deliveries, newest first, page by page; `failedOnly` asks the server for the failed ones only. */
export function useDeliveries(id: string, failedOnly: boolean, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...webhookKeys.deliveries(id), failedOnly],
    queryFn: ({ pageParam, signal }) =>
      get<{ items: Delivery[]; nextCursor: string | null }>(
        `${BASE}/${id}/deliveries`,
        { status: failedOnly ? "failed" : undefined, limit: PAGE, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    // A replayed or new delivery is sent in the background: follow it while any is still pending.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((d) => d.status === "pending")) ? 2000 : false,
  });
}

export const useReplayDelivery = (id: string) =>
  useRefreshingMutation(
    (deliveryId: string) => post<Delivery>(`${BASE}/${id}/deliveries/${deliveryId}/replay`),
    [webhookKeys.deliveries(id)],
  );

export const useReplayFailed = (id: string) =>
  useRefreshingMutation(
    () => post<{ count: number }>(`${BASE}/${id}/replay-failed`),
    [webhookKeys.deliveries(id)],
  );
