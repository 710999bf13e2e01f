// A keyset-paginated API list as one growing array: the next page is asked for with the last `nextCursor`.
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { get } from "../../lib/api.ts";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Rows per request: a screenful and a half, small enough to come back quickly. */
export const PAGE_SIZE = 50;

export function useInfiniteList<T>(
  queryKey: readonly unknown[],
  path: string,
  query: Record<string, string>,
  limit = PAGE_SIZE,
) {
  const result = useInfiniteQuery({
    queryKey: [...queryKey, query],
    queryFn: ({ pageParam }) => get<Page<T>>(path, { ...query, limit, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A new search keeps the old rows on screen until the new ones arrive (no flashing spinner).
    placeholderData: keepPreviousData,
  });
  const pages = result.data?.pages;
  const items = useMemo(() => pages?.flatMap((p) => p.items) ?? [], [pages]);
  return { ...result, items };
}
