// Loading, error, not-found and empty states for a query, so no page ever renders blank.
import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorText, isNotFound } from "../lib/errors.ts";

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" aria-busy="true">
      <Loader size="sm" aria-label={t("state.loading")} />
    </Center>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="xl" gap="xs" data-testid="not-found">
      <Text fw={600} size="lg">
        {t("state.notFound")}
      </Text>
      <Text c="dimmed">{t("state.notFoundText")}</Text>
    </Stack>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={t("state.error")} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorText(error, t)}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t("actions.retry")}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Text c="dimmed">{children ?? t("state.empty")}</Text>
    </Center>
  );
}

/** Renders `children(data)` once the query has data; otherwise its loading, not-found or error state. */
export function QueryState<T>({
  query,
  children,
  isEmpty,
  empty,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isNotFound(query.error)) return <NotFound />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (isEmpty?.(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}
