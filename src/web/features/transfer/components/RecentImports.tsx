// The workspace's recent imports with their status and counts.
import { Anchor, Card, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDateTime, formatNumber } from "../../../lib/format.ts";
import { errorReportUrl, useRecentImports } from "../api/imports.ts";
import { StatusBadge } from "./ImportProgress.tsx";

export function RecentImports() {
  const { t, i18n } = useTranslation("transfer");
  const query = useRecentImports();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Card withBorder radius="md" padding="md" data-testid="import-recent">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("recent.title")}
        </Title>
        <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty={t("recent.empty")}>
          {({ items }) => (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("recent.file")}</Table.Th>
                    <Table.Th>{t("recent.status")}</Table.Th>
                    <Table.Th>{t("recent.rows")}</Table.Th>
                    <Table.Th>{t("recent.counts")}</Table.Th>
                    <Table.Th>{t("recent.when")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.slice(0, 20).map((imp) => (
                    <Table.Tr key={imp.id} data-testid={`import-recent-${imp.id}`}>
                      <Table.Td>
                        <Text size="sm" fw={500} truncate maw={220}>
                          {imp.fileName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`entities.${imp.entity}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={imp.status} />
                      </Table.Td>
                      <Table.Td>
                        {imp.totalRows === null ? "—" : `${n(imp.processedRows)} / ${n(imp.totalRows)}`}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {t("recent.countsText", {
                            created: n(imp.createdCount),
                            updated: n(imp.updatedCount),
                            skipped: n(imp.skippedCount),
                          })}
                        </Text>
                        {imp.errorCount > 0 && (
                          <Anchor href={errorReportUrl(imp.id)} download size="xs" c="red">
                            {t("recent.errors", { count: imp.errorCount })}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{formatDateTime(imp.createdAt, i18n.language)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}
