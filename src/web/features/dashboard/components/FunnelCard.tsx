// The sales funnel of a pipeline: deals that reached each stage, with the conversion from the stage before.
import { BarChart } from "@mantine/charts";
import { Group, Select, SimpleGrid, Stack } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../../../lib/api.ts";
import { formatNumber } from "../../../lib/format.ts";
import { usePipelines } from "../../../lib/session.ts";
import { useFunnel } from "../api/analytics.ts";
import { formatPercent, funnelRows, isFunnelEmpty } from "../charts.ts";
import type { Period } from "../period.ts";
import { ChartCard, CsvLink, Figure } from "./ChartCard.tsx";

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function FunnelCard({ period }: { period: Period }) {
  const { t, i18n } = useTranslation("dashboard");
  const lang = i18n.language;
  const phone = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const pipelines = usePipelines();
  const [picked, setPicked] = useState<string | null>(null);
  const list = pipelines.data ?? [];
  const pipelineId = picked ?? list.find((p) => p.isDefault)?.id ?? list[0]?.id;
  // Wait for the pipelines so the first request already names the one shown in the picker.
  const funnel = useFunnel(pipelineId, period, !pipelines.isPending);
  const percent = (value: number | null) => (value === null ? "—" : formatPercent(value, lang));

  const csv = (
    <CsvLink
      href={apiUrl("/api/analytics/funnel.csv", { pipelineId, ...period })}
      testId="dashboard-funnel-csv"
    />
  );
  const picker =
    list.length > 1 ? (
      <Select
        size="xs"
        aria-label={t("funnel.pipeline")}
        data={list.map((p) => ({ value: p.id, label: p.name }))}
        value={pipelineId ?? null}
        onChange={(id) => id && setPicked(id)}
        allowDeselect={false}
        w={{ base: "100%", xs: 220 }}
        data-testid="dashboard-funnel-pipeline"
      />
    ) : null;

  return (
    <ChartCard
      title={t("funnel.title")}
      testId="dashboard-funnel"
      query={funnel}
      isEmpty={isFunnelEmpty}
      controls={
        <Group gap="xs" wrap="nowrap">
          {picker}
          {csv}
        </Group>
      }
      height={240}
    >
      {(report) => {
        const rows = funnelRows(report, lang);
        return (
          <Stack gap="md">
            <BarChart
              h={Math.max(160, rows.length * 44 + 20)}
              data={rows}
              dataKey="stage"
              orientation="vertical"
              series={[{ name: "reached", label: t("funnel.reached"), color: "orange.6" }]}
              withXAxis={false}
              gridAxis="none"
              yAxisProps={{
                width: phone ? 100 : 150,
                tickFormatter: (v: string) => clip(v, phone ? 24 : 32),
              }}
              barChartProps={{ margin: { right: phone ? 84 : 100, left: 0 } }}
              withBarValueLabel
              valueLabelProps={{
                dataKey: "label",
                formatter: (v: unknown) => String(v ?? ""),
                position: "right",
              }}
              valueFormatter={(v) => formatNumber(v, lang)}
              maxBarWidth={32}
            />
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" verticalSpacing="xs">
              <Figure label={t("funnel.deals")} value={formatNumber(report.totals.deals, lang)} />
              <Figure label={t("funnel.open")} value={formatNumber(report.totals.open, lang)} />
              <Figure label={t("funnel.won")} value={formatNumber(report.totals.won, lang)} color="teal" />
              <Figure label={t("funnel.lost")} value={formatNumber(report.totals.lost, lang)} color="red" />
              <Figure label={t("funnel.conversion")} value={percent(report.totals.conversionPercent)} />
              <Figure label={t("funnel.winRate")} value={percent(report.totals.winRatePercent)} />
            </SimpleGrid>
          </Stack>
        );
      }}
    </ChartCard>
  );
}
