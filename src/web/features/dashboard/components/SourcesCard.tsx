// Deals created in the period per lead source: a donut and, beside it, the figures of each source.
import { DonutChart } from "@mantine/charts";
import { ColorSwatch, Group, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../../lib/format.ts";
import { useSourcesReport } from "../api/analytics.ts";
import { moneyText, sourceSlices } from "../charts.ts";
import type { Period } from "../period.ts";
import { ChartCard } from "./ChartCard.tsx";

/** More slices than this and a donut stops being readable: the smallest are summed into "other". */
const MAX_SLICES = 8;

export function SourcesCard({ period }: { period: Period }) {
  const { t, i18n } = useTranslation("dashboard");
  const lang = i18n.language;
  const report = useSourcesReport(period);
  const labels = { none: t("sources.none"), other: t("sources.other") };

  return (
    <ChartCard
      title={t("sources.title")}
      testId="dashboard-sources"
      query={report}
      isEmpty={(data) => data.sources.every((s) => s.deals === 0)}
      height={200}
    >
      {(data) => {
        const slices = sourceSlices(data, labels, MAX_SLICES);
        const total = slices.reduce((n, s) => n + s.value, 0);
        return (
          <Stack gap="md" align="stretch">
            <Group justify="center">
              <DonutChart
                data={slices.map((s) => ({ name: s.name, value: s.value, color: s.color }))}
                size={180}
                thickness={28}
                chartLabel={formatNumber(total, lang)}
                valueFormatter={(v) => formatNumber(v, lang)}
                tooltipDataSource="segment"
                aria-label={t("sources.title")}
              />
            </Group>
            <Table.ScrollContainer minWidth={300}>
              <Table verticalSpacing={4} horizontalSpacing="xs" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("sources.source")}</Table.Th>
                    <Table.Th ta="right">{t("sources.deals")}</Table.Th>
                    <Table.Th ta="right">{t("sources.won")}</Table.Th>
                    <Table.Th ta="right">{t("sources.wonAmount")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {slices.map((s) => (
                    <Table.Tr key={s.key}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <ColorSwatch
                            color={`var(--mantine-color-${s.color.replace(".", "-")})`}
                            size={10}
                          />
                          <Text size="sm" truncate maw={160}>
                            {s.name}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(s.value, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(s.won, lang)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                        {moneyText(s.wonAmounts, lang)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        );
      }}
    </ChartCard>
  );
}
