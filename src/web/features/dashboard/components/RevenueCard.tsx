// Won deals per month over the last year, in the workspace's currency.
import { BarChart } from "@mantine/charts";
import { Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "../../../lib/format.ts";
import { REVENUE_MONTHS, useRevenue } from "../api/analytics.ts";
import { compactMoney, isRevenueEmpty, moneyText, otherCurrencies, revenueRows } from "../charts.ts";
import { ChartCard, Figure } from "./ChartCard.tsx";

export function RevenueCard() {
  const { t, i18n } = useTranslation("dashboard");
  const lang = i18n.language;
  const revenue = useRevenue(REVENUE_MONTHS);

  return (
    <ChartCard
      title={t("revenue.title", { count: REVENUE_MONTHS })}
      testId="dashboard-revenue"
      query={revenue}
      isEmpty={(report) => isRevenueEmpty(revenueRows(report, REVENUE_MONTHS, lang))}
    >
      {(report) => {
        const rows = revenueRows(report, REVENUE_MONTHS, lang);
        const currency = report.currency;
        const total = rows.reduce((n, r) => n + r.amountMinor, 0);
        const won = rows.reduce((n, r) => n + r.won, 0);
        const others = otherCurrencies(rows);
        return (
          <Stack gap="md">
            <BarChart
              h={260}
              data={rows}
              dataKey="label"
              series={[{ name: "amountMinor", label: t("revenue.amount"), color: "teal.6" }]}
              valueFormatter={(v) => formatMoney(v, currency, lang)}
              yAxisProps={{ width: 72, tickFormatter: (v: number) => compactMoney(v, currency, lang) }}
              xAxisProps={{ interval: "preserveStartEnd", minTickGap: 8 }}
              tickLine="y"
              maxBarWidth={36}
            />
            <Group gap="xl">
              <Figure label={t("revenue.total")} value={formatMoney(total, currency, lang)} color="teal" />
              <Figure label={t("revenue.won")} value={formatNumber(won, lang)} />
            </Group>
            {others.length > 0 && (
              <Text size="xs" c="dimmed">
                {t("revenue.others", { amounts: moneyText(others, lang) })}
              </Text>
            )}
          </Stack>
        );
      }}
    </ChartCard>
  );
}
