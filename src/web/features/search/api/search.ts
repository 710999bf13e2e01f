// GET /api/search as a TanStack query keyed by the query text: a newer query replaces an older one, and
// the older request is aborted (the query function passes TanStack's signal on to fetch).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { get } from "../../../lib/api.ts";
import { isSearchable, type SearchResult } from "../results.ts";

/** Enough for a screenful of each kind; the API allows up to 50. */
const LIMIT = 30;

const fetchSearch = async (q: string, signal: AbortSignal) =>
  (await get<{ items: SearchResult[] }>("/api/search", { q, limit: LIMIT }, signal)).items;

export const searchKey = (q: string) => ["search", q] as const;

/** Results for an already debounced query; idle (no request) while the query is too short. */
export function useSearch(query: string) {
  const q = query.trim();
  return useQuery({
    queryKey: searchKey(q),
    queryFn: ({ signal }) => fetchSearch(q, signal),
    enabled: isSearchable(q),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
    retry: false,
  });
}
