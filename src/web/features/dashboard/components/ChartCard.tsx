// A dashboard card: title, optional controls, and the report's loading, error, empty or ready state.
import { Box, Button, Group, Paper, Skeleton, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../../../components/QueryState.tsx";

export function ChartCard<T>({
  title,
  testId,
  query,
  isEmpty,
  controls,
  height = 260,
  children,
}: {
  title: string;
  testId: string;
  query: UseQueryResult<T>;
  isEmpty: (data: T) => boolean;
  controls?: ReactNode;
  /** The skeleton's height while loading, about the chart's. */
  height?: number;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation("dashboard");
  let state: "loading" | "error" | "empty" | "ready";
  let body: ReactNode;
  if (query.isPending) {
    state = "loading";
    body = <Skeleton h={height} aria-label={t("state.loading", { ns: "common" })} />;
  } else if (query.isError) {
    state = "error";
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  } else if (isEmpty(query.data)) {
    state = "empty";
    body = (
      <Box py="xl" ta="center" data-testid={`${testId}-empty`}>
        <Text c="dimmed">{t("noData")}</Text>
      </Box>
    );
  } else {
    state = "ready";
    body = children(query.data);
  }
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid={testId}
      data-state={state}
      aria-busy={query.isFetching || undefined}
      style={{ opacity: query.isPlaceholderData ? 0.7 : 1, transition: "opacity 150ms", minWidth: 0 }}
    >
      <Group justify="space-between" align="flex-start" gap="xs" mb="md" wrap="wrap">
        <Title order={3} size="h5">
          {title}
        </Title>
        {controls}
      </Group>
      {body}
    </Paper>
  );
}

/** A figure with its caption, for the totals under a chart. */
export function Figure({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} c={color}>
        {value}
      </Text>
    </Box>
  );
}

/** Downloads a report as CSV for Excel, with the card's current query. */
export function CsvLink({ href, testId }: { href: string | undefined; testId: string }) {
  return (
    <Button
      component="a"
      href={href}
      download
      size="xs"
      variant="default"
      leftSection={<IconDownload size={14} />}
      data-testid={testId}
    >
      CSV
    </Button>
  );
}
