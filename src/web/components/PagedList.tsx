// A list read page by page: its loading, error and empty states, the items, and "show more" below them.
import { Button, Center, type MantineSpacing, Stack } from "@mantine/core";
import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { QueryState } from "./QueryState.tsx";

export function PagedList<T>({
  query,
  empty,
  gap,
  testId,
  loadMoreTestId,
  children,
}: {
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[] }>>;
  /** What to say when there is nothing at all. */
  empty: ReactNode;
  gap: MantineSpacing;
  testId: string;
  loadMoreTestId?: string;
  /** One item, with its `key`. */
  children: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <QueryState query={query} isEmpty={(data) => data.pages.every((p) => p.items.length === 0)} empty={empty}>
      {(data) => (
        <Stack gap={gap} data-testid={testId}>
          {data.pages.flatMap((p) => p.items).map(children)}
          {query.hasNextPage && (
            <Center>
              <Button
                variant="light"
                loading={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
                data-testid={loadMoreTestId}
              >
                {t("actions.loadMore")}
              </Button>
            </Center>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
