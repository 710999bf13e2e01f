// First-response times for conversations started in the period: the median, p90, answered and waiting
// ones, the conversations overdue now (a link to the inbox filtered by them) and the daily median.
import { LineChart } from "@mantine/charts";
import { Anchor, Box, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber } from "../../../lib/format.ts";
import { useResponsesReport } from "../api/analytics.ts";
import { durationParts, isResponsesEmpty, responseRows } from "../charts.ts";
import type { Period } from "../period.ts";
import { ChartCard, Figure } from "./ChartCard.tsx";

export function ResponsesCard({ period }: { period: Period }) {
  const { t, i18n } = useTranslation("dashboard");
  const lang = i18n.language;
  const report = useResponsesReport(period);
  const duration = (seconds: number | null) => {
    if (seconds === null) return "—";
    const { key, count } = durationParts(seconds);
    return t(key, { count, value: formatNumber(count, lang) });
  };

  return (
    <ChartCard
      title={t("responses.title")}
      testId="dashboard-responses"
      query={report}
      isEmpty={isResponsesEmpty}
      height={220}
    >
      {(data) => {
        const rows = responseRows(data, period, lang);
        return (
          <Stack gap="md">
            <Group gap="xl" wrap="wrap">
              <Figure label={t("responses.median")} value={duration(data.medianSeconds)} color="blue" />
              <Figure label={t("responses.p90")} value={duration(data.p90Seconds)} />
              <Figure label={t("responses.answered")} value={formatNumber(data.answered, lang)} />
              <Figure label={t("responses.unanswered")} value={formatNumber(data.unanswered, lang)} />
              <Box data-testid="dashboard-responses-overdue">
                <Text size="xs" c="dimmed">
                  {t("responses.overdue", { count: data.unansweredMinutes })}
                </Text>
                <Anchor
                  component={Link}
                  to="/inbox?f=overdue"
                  fw={600}
                  c={data.overdueNow > 0 ? "red" : undefined}
                  data-testid="dashboard-responses-overdue-link"
                >
                  {formatNumber(data.overdueNow, lang)}
                </Anchor>
              </Box>
            </Group>
            {data.answered > 0 ? (
              <LineChart
                h={220}
                data={rows}
                dataKey="label"
                series={[{ name: "medianMinutes", label: t("responses.dailyMedian"), color: "blue.6" }]}
                valueFormatter={(minutes) => duration(minutes * 60)}
                yAxisProps={{ width: 56, tickFormatter: (v: number) => formatNumber(v, lang) }}
                yAxisLabel={t("responses.minutesAxis")}
                xAxisProps={{ interval: "preserveStartEnd", minTickGap: 8 }}
                connectNulls
                curveType="monotone"
                aria-label={t("responses.dailyMedian")}
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t("responses.noAnswers")}
              </Text>
            )}
          </Stack>
        );
      }}
    </ChartCard>
  );
}
