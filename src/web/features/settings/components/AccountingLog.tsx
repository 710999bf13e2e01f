// The runs of an integration, newest first: when, what kind, how it ended and its counts; a row opens to
// its error and messages. Paged; followed while a run is in progress.
import { ActionIcon, Badge, Code, Group, Stack, Table, Text } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatNumber, formatRelative } from "../../../lib/format.ts";
import { type AccountingPlatform, useRunLog } from "../api/accounting.ts";
import { countEntries, isCountKnown, kindKey, type Run, runBadge } from "../logic/accounting.ts";
import { RunLogTable } from "./RunLogTable.tsx";

const COLUMNS = ["started", "kind", "status", "counts"] as const;

export function AccountingLog({ platform, running }: { platform: AccountingPlatform; running: boolean }) {
  const { t } = useTranslation("settings");
  return (
    <RunLogTable
      title={t("accounting.log.title")}
      log={useRunLog(platform, running)}
      minWidth={640}
      testId={`accounting-log-${platform}`}
      moreTestId={`accounting-log-more-${platform}`}
      header={
        <>
          <Table.Th w={28} />
          {COLUMNS.map((c) => (
            <Table.Th key={c}>{t(`accounting.log.columns.${c}`)}</Table.Th>
          ))}
        </>
      }
      row={(run) => <RunRow key={run.id} run={run} />}
    />
  );
}

function RunRow({ run }: { run: Run }) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const [open, setOpen] = useState(false);
  const badge = runBadge(run.status);
  const kind = kindKey(run.kind);
  const counts = countEntries(run.counts);
  const hasDetails = Boolean(run.error || run.messages.length || run.filename);
  const toggle = () => hasDetails && setOpen((o) => !o);
  const Chevron = open ? IconChevronDown : IconChevronRight;
  return (
    <Fragment>
      <Table.Tr
        data-testid={`run-${run.id}`}
        data-status={run.status}
        onClick={toggle}
        style={hasDetails ? { cursor: "pointer" } : undefined}
      >
        <Table.Td>
          {hasDetails && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-expanded={open}
              aria-label={t("accounting.log.details")}
              onClick={(e) => {
                e.stopPropagation();
                toggle();
              }}
            >
              <Chevron size={16} />
            </ActionIcon>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm" title={formatDateTime(run.startedAt, lang)}>
            {formatRelative(run.startedAt, lang)}
          </Text>
        </Table.Td>
        <Table.Td>{kind ? t(kind) : run.kind}</Table.Td>
        <Table.Td>
          <Badge color={badge.color} variant="light" data-testid="run-status">
            {t(badge.label)}
          </Badge>
        </Table.Td>
        <Table.Td data-testid="run-counts">
          {counts.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <Group gap={4}>
              {counts.map(([key, n]) => (
                <Badge
                  key={key}
                  size="sm"
                  variant="outline"
                  color={key === "failed" || key === "conflicts" ? "red" : "gray"}
                  tt="none"
                >
                  {isCountKnown(key)
                    ? t(`accounting.counts.${key}`, { count: n })
                    : `${key}: ${formatNumber(n, lang)}`}
                </Badge>
              ))}
            </Group>
          )}
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr data-testid={`run-details-${run.id}`}>
          <Table.Td colSpan={COLUMNS.length + 1}>
            <Stack gap="xs">
              <Text size="xs" c="dimmed">
                {t("accounting.log.startedAt", { when: formatDateTime(run.startedAt, lang) })}
                {run.finishedAt &&
                  ` · ${t("accounting.log.finishedAt", { when: formatDateTime(run.finishedAt, lang) })}`}
                {run.filename && ` · ${run.filename}`}
              </Text>
              {run.error && (
                <Text size="sm" c="red" data-testid="run-error">
                  {run.error}
                </Text>
              )}
              {run.messages.length > 0 && (
                <Code block style={{ whiteSpace: "pre-wrap", maxHeight: 240 }} data-testid="run-messages">
                  {run.messages.join("\n")}
                </Code>
              )}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
