// Steps 4 and 5: the progress of a running import, then what it did, with the error report.
import { Alert, Anchor, Badge, Box, Group, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../../lib/format.ts";
import { errorReportUrl, type ImportView } from "../api/imports.ts";
import { isFinished } from "../fields.ts";

const STATUS_COLORS = {
  uploaded: "gray",
  running: "blue",
  done: "teal",
  failed: "red",
  cancelled: "gray",
} as const;

export function StatusBadge({ status }: { status: ImportView["status"] }) {
  const { t } = useTranslation("transfer");
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {t(`status.${status}`)}
    </Badge>
  );
}

function Count({
  label,
  value,
  testid,
  color,
}: {
  label: string;
  value: number;
  testid: string;
  color?: string;
}) {
  const { i18n } = useTranslation();
  return (
    <Stack gap={0}>
      <Text size="xl" fw={700} c={color} data-testid={testid}>
        {formatNumber(value, i18n.language)}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

export function ImportProgress({ imp }: { imp: ImportView }) {
  const { t, i18n } = useTranslation("transfer");
  const percent = imp.status === "done" ? 100 : imp.percent;
  const total = imp.totalRows;
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <StatusBadge status={imp.status} />
        <Text size="sm" c="dimmed" data-testid="import-rows">
          {total === null
            ? t("progress.counting")
            : t("progress.rows", {
                done: formatNumber(imp.processedRows, i18n.language),
                total: formatNumber(total, i18n.language),
              })}
        </Text>
      </Group>
      {/* One element carries the progressbar role and value, at full width even at 0%. */}
      <Box
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        aria-label={t("progress.label")}
        data-testid="import-progress"
      >
        <Progress.Root size="xl">
          <Progress.Section
            value={percent}
            withAria={false}
            animated={imp.status === "running"}
            color={STATUS_COLORS[imp.status]}
          >
            <Progress.Label>{percent}%</Progress.Label>
          </Progress.Section>
        </Progress.Root>
      </Box>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Count
          label={t("progress.created")}
          value={imp.createdCount}
          testid="import-created-count"
          color="teal"
        />
        <Count label={t("progress.updated")} value={imp.updatedCount} testid="import-updated-count" />
        <Count label={t("progress.skipped")} value={imp.skippedCount} testid="import-skipped-count" />
        <Count
          label={t("progress.errors")}
          value={imp.errorCount}
          testid="import-error-count"
          color={imp.errorCount ? "red" : undefined}
        />
      </SimpleGrid>
    </Stack>
  );
}

export function ImportResult({ imp }: { imp: ImportView }) {
  const { t } = useTranslation("transfer");
  if (!isFinished(imp.status)) return null;
  return (
    <Stack gap="sm" data-testid="import-result" data-status={imp.status}>
      <Alert
        color={imp.status === "done" ? "teal" : imp.status === "failed" ? "red" : "gray"}
        title={t(`result.${imp.status}`)}
      >
        <Stack gap={4}>
          <Text size="sm">
            {t("result.summary", {
              created: imp.createdCount,
              updated: imp.updatedCount,
              skipped: imp.skippedCount,
              errors: imp.errorCount,
            })}
          </Text>
          {imp.error && (
            <Text size="sm" c="red">
              {imp.error}
            </Text>
          )}
        </Stack>
      </Alert>
      {imp.errorCount > 0 && (
        <Anchor href={errorReportUrl(imp.id)} download data-testid="import-error-report">
          <Group gap={4} component="span">
            <IconDownload size={16} />
            {t("result.errorReport", { count: imp.errorCount })}
          </Group>
        </Anchor>
      )}
    </Stack>
  );
}
