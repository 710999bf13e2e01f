// Which advertising pays: spend against leads, deals and revenue per lead source or campaign over a
// period (this month, the last 30 days, or picked dates), optionally for one pipeline's deals; a bar
// chart of spend and revenue, the table with CPL, CAC and ROMI and its totals, and the same as CSV.
import "@mantine/dates/styles.css";
import { BarChart } from "@mantine/charts";
import { Group, SegmentedControl, Select, Stack, Table, Text } from "@mantine/core";
import { DatePickerInput, DatesProvider } from "@mantine/dates";
import { IconCalendar } from "@tabler/icons-react";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "../../../lib/format.ts";
import { usePipelines, useSession } from "../../../lib/session.ts";
import { useRoi } from "../api/roi.ts";
import { compactMoney, formatPercent } from "../charts.ts";
import { todayIn } from "../period.ts";
import {
  isRoiEmpty,
  ROI_GROUPS,
  ROI_PRESETS,
  type RoiChoice,
  type RoiFigures,
  type RoiGroupBy,
  type RoiReport,
  roiBars,
  roiCsvUrl,
  roiPeriod,
  roiQuery,
  roiRowName,
  romiColor,
} from "../roi.ts";
import { ChartCard, CsvLink } from "./ChartCard.tsx";

export function RoiCard() {
  const { t, i18n } = useTranslation("dashboard");
  const pipelines = usePipelines();
  const [choice, setChoice] = useState<RoiChoice>("month");
  const [custom, setCustom] = useState<[string | null, string | null]>([null, null]);
  const [groupBy, setGroupBy] = useState<RoiGroupBy>("source");
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const today = todayIn(useSession().workspace.timezone);
  const picked = roiPeriod(choice, custom, today);
  // While a picked range lacks its end, the report stays on the last whole period.
  const last = useRef(roiPeriod("month", [null, null], today));
  if (picked) last.current = picked;
  const period = picked ?? last.current;
  const query = useMemo(
    () => (period ? roiQuery(period, groupBy, pipelineId) : null),
    [period, groupBy, pipelineId],
  );
  const report = useRoi(query);

  const controls = (
    <Group gap="xs" wrap="wrap" data-testid="dashboard-roi-controls">
      <SegmentedControl
        size="xs"
        value={choice}
        onChange={(value) => setChoice(value as RoiChoice)}
        data={[...ROI_PRESETS, "custom" as const].map((value) => ({
          value,
          label: t(`roi.period.${value}`),
        }))}
        aria-label={t("period.label")}
        data-testid="dashboard-roi-period"
      />
      {choice === "custom" && (
        <DatesProvider settings={{ locale: i18n.language === "en" ? "en-gb" : "ru", firstDayOfWeek: 1 }}>
          <DatePickerInput
            type="range"
            size="xs"
            value={custom}
            onChange={(range) => setCustom([range[0] ?? null, range[1] ?? null])}
            allowSingleDateInRange
            clearable
            valueFormat="D MMM YYYY"
            placeholder={t("period.pick")}
            aria-label={t("period.pick")}
            leftSection={<IconCalendar size={14} />}
            w={240}
            data-testid="dashboard-roi-range"
          />
        </DatesProvider>
      )}
      <Select
        size="xs"
        aria-label={t("funnel.pipeline")}
        placeholder={t("roi.allPipelines")}
        data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={pipelineId}
        onChange={setPipelineId}
        clearable
        w={200}
        data-testid="dashboard-roi-pipeline"
      />
      <SegmentedControl
        size="xs"
        value={groupBy}
        onChange={(value) => setGroupBy(value as RoiGroupBy)}
        data={ROI_GROUPS.map((value) => ({ value, label: t(`roi.groupBy.${value}`) }))}
        aria-label={t("roi.groupByLabel")}
        data-testid="dashboard-roi-group"
      />
      <CsvLink href={query ? roiCsvUrl(query) : undefined} testId="dashboard-roi-csv" />
    </Group>
  );

  return (
    <ChartCard
      title={t("roi.title")}
      testId="dashboard-roi"
      query={report}
      isEmpty={isRoiEmpty}
      controls={controls}
      height={300}
    >
      {(data) => <RoiBody report={data} />}
    </ChartCard>
  );
}

function RoiBody({ report }: { report: RoiReport }) {
  const { t, i18n } = useTranslation("dashboard");
  const lang = i18n.language;
  const none = t(`roi.none.${report.groupBy}`);
  const money = (minor: number | null) => (minor === null ? "—" : formatMoney(minor, report.currency, lang));
  const bars = roiBars(report, none);

  return (
    <Stack gap="md">
      {bars.length > 0 && (
        <BarChart
          h={Math.max(200, Math.min(360, bars.length * 48 + 80))}
          data={bars}
          dataKey="name"
          series={[
            { name: "spendMinor", label: t("roi.spend"), color: "red.5" },
            { name: "revenueMinor", label: t("roi.revenue"), color: "teal.6" },
          ]}
          withLegend
          valueFormatter={(v) => formatMoney(v, report.currency, lang)}
          yAxisProps={{ width: 72, tickFormatter: (v: number) => compactMoney(v, report.currency, lang) }}
          xAxisProps={{
            interval: 0,
            tickFormatter: (v: string) => (v.length > 18 ? `${v.slice(0, 17)}…` : v),
          }}
          maxBarWidth={36}
          aria-label={t("roi.chart")}
          data-testid="dashboard-roi-chart"
        />
      )}
      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover verticalSpacing="xs" fz="sm" data-testid="dashboard-roi-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`roi.groupBy.${report.groupBy}`)}</Table.Th>
              <Table.Th ta="right">{t("roi.spend")}</Table.Th>
              <Table.Th ta="right">{t("roi.leads")}</Table.Th>
              <Table.Th ta="right">{t("roi.deals")}</Table.Th>
              <Table.Th ta="right">{t("roi.won")}</Table.Th>
              <Table.Th ta="right">{t("roi.revenue")}</Table.Th>
              <Table.Th ta="right">{t("roi.cpl")}</Table.Th>
              <Table.Th ta="right">{t("roi.cac")}</Table.Th>
              <Table.Th ta="right">{t("roi.romi")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.items.map((item) => (
              <Figures
                key={item.key ?? "none"}
                name={roiRowName(item, none)}
                figures={item}
                money={money}
                testId={`roi-row-${item.key ?? "none"}`}
              />
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Figures
              name={t("roi.total")}
              figures={report.totals}
              money={money}
              testId="roi-row-total"
              bold
            />
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {t("roi.hint")}
      </Text>
    </Stack>
  );
}

function Figures({
  name,
  figures,
  money,
  testId,
  bold = false,
}: {
  name: string;
  figures: RoiFigures;
  money: (minor: number | null) => string;
  testId: string;
  bold?: boolean;
}) {
  const { i18n } = useTranslation("dashboard");
  const lang = i18n.language;
  const fw = bold ? 600 : undefined;
  const nowrap = { whiteSpace: "nowrap" } as const;
  return (
    <Table.Tr data-testid={testId}>
      <Table.Td fw={fw ?? 500}>{name}</Table.Td>
      <Table.Td ta="right" fw={fw} style={nowrap} data-testid="roi-spend">
        {money(figures.spendMinor)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} data-testid="roi-leads">
        {formatNumber(figures.leads, lang)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} data-testid="roi-deals">
        {formatNumber(figures.deals, lang)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} data-testid="roi-won">
        {formatNumber(figures.won, lang)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} style={nowrap} data-testid="roi-revenue">
        {money(figures.revenueMinor)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} style={nowrap} data-testid="roi-cpl">
        {money(figures.cplMinor)}
      </Table.Td>
      <Table.Td ta="right" fw={fw} style={nowrap} data-testid="roi-cac">
        {money(figures.cacMinor)}
      </Table.Td>
      <Table.Td ta="right" fw={600} c={romiColor(figures.romi)} style={nowrap} data-testid="roi-romi">
        {figures.romi === null ? "—" : formatPercent(figures.romi, lang)}
      </Table.Td>
    </Table.Tr>
  );
}
