// A deal's line items and its linked accounting orders; replacing the items sets the deal's amount to
// their total, so the deal is refreshed too. Products come from the connected accounting system.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { get, put } from "../../../lib/api.ts";
import type { DealItems, ItemInput, Product } from "../items.ts";
import { dealKeys } from "./keys.ts";

const itemsKey = (dealId: string) => [...dealKeys.about(dealId), "items"] as const;

export const useDealItems = (dealId: string) =>
  useQuery({
    queryKey: itemsKey(dealId),
    queryFn: ({ signal }) => get<DealItems>(`/api/deals/${dealId}/items`, undefined, signal),
  });

export function useSaveDealItems(dealId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { items: ItemInput[] }) => put<DealItems>(`/api/deals/${dealId}/items`, body),
    onSuccess: (saved) => client.setQueryData(itemsKey(dealId), saved),
    onSettled: () => client.invalidateQueries({ queryKey: dealKeys.deal(dealId) }),
  });
}

/** Products whose name contains `search`, for the picker. */
export const useProductSearch = (search: string, enabled: boolean) =>
  useQuery({
    queryKey: ["accounting", "products", search],
    queryFn: ({ signal }) =>
      get<{ items: Product[]; nextCursor: string | null }>(
        "/api/accounting/products",
        { search: search || undefined, limit: 20 },
        signal,
      ),
    enabled,
    staleTime: 10_000,
  });
