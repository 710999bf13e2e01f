// The import runs of an advertising platform, newest first: when, which days, how it ended, what it
// brought; a failed run's error in red under it. Paged; followed while a run is in progress.
import { Badge, Group, Table, Text } from "@mantine/core";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, formatNumber, formatRelative } from "../../../lib/format.ts";
import { useAdRunLog } from "../api/advertising.ts";
import { runBadge } from "../logic/accounting.ts";
import { type AdPlatform, type AdRun, adCountEntries, isAdCountKnown } from "../logic/advertising.ts";
import { RunLogTable } from "./RunLogTable.tsx";

const COLUMNS = ["started", "days", "status", "counts"] as const;

export function AdvertisingLog({ platform, running }: { platform: AdPlatform; running: boolean }) {
  const { t } = useTranslation("settings");
  return (
    <RunLogTable
      title={t("advertising.log.title")}
      log={useAdRunLog(platform, running)}
      minWidth={600}
      testId={`advertising-log-${platform}`}
      header={COLUMNS.map((c) => <Table.Th key={c}>{t(`advertising.log.columns.${c}`)}</Table.Th>)}
      row={(run) => <RunRow key={run.id} run={run} />}
    />
  );
}

function RunRow({ run }: { run: AdRun }) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const badge = runBadge(run.status);
  const counts = adCountEntries(run.counts);
  const days =
    run.dateFrom && run.dateTo
      ? run.dateFrom === run.dateTo
        ? formatDate(run.dateFrom, lang)
        : `${formatDate(run.dateFrom, lang)} — ${formatDate(run.dateTo, lang)}`
      : "—";
  return (
    <Fragment>
      <Table.Tr data-testid={`ad-run-${run.id}`} data-status={run.status}>
        <Table.Td>
          <Text size="sm" title={formatDateTime(run.startedAt, lang)}>
            {formatRelative(run.startedAt, lang)}
          </Text>
        </Table.Td>
        <Table.Td>{days}</Table.Td>
        <Table.Td>
          <Badge color={badge.color} variant="light" data-testid="ad-run-status">
            {t(badge.label)}
          </Badge>
        </Table.Td>
        <Table.Td data-testid="ad-run-counts">
          {counts.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <Group gap={4}>
              {counts.map(([key, n]) => (
                <Badge key={key} size="sm" variant="outline" color="gray" tt="none">
                  {isAdCountKnown(key)
                    ? t(`advertising.counts.${key}`, { count: n })
                    : `${key}: ${formatNumber(n, lang)}`}
                </Badge>
              ))}
            </Group>
          )}
        </Table.Td>
      </Table.Tr>
      {run.error && (
        <Table.Tr>
          <Table.Td colSpan={COLUMNS.length}>
            <Text size="sm" c="red" data-testid="ad-run-error">
              {run.error}
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
