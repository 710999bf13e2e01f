// The log of an integration's runs (accounting, advertising): newest first, a page at a time, polled
// while a run is in progress.
import { type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import { get } from "../../../lib/api.ts";

const PAGE = 20;
export const POLL_MS = 1500;

export function useRunLogQuery<R extends { status: string }>(
  queryKey: QueryKey,
  path: string,
  running: boolean,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      get<{ items: R[]; nextCursor: string | null }>(path, { limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      running || query.state.data?.pages[0]?.items.some((r) => r.status === "running") ? POLL_MS : false,
  });
}
