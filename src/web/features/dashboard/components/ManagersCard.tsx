// Per manager: open deals now, won (count and sum) and lost in the period, overdue tasks now.
import { Badge, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../../../lib/api.ts";
import { formatNumber } from "../../../lib/format.ts";
import { useManagersReport } from "../api/analytics.ts";
import { isManagersEmpty, moneyText } from "../charts.ts";
import type { Period } from "../period.ts";
import { ChartCard, CsvLink } from "./ChartCard.tsx";

export function ManagersCard({ period }: { period: Period }) {
  const { t, i18n } = useTranslation("dashboard");
  const lang = i18n.language;
  const report = useManagersReport(period);

  return (
    <ChartCard
      title={t("managers.title")}
      testId="dashboard-managers"
      query={report}
      isEmpty={isManagersEmpty}
      controls={
        <CsvLink
          href={apiUrl("/api/analytics/managers.csv", { ...period })}
          testId="dashboard-managers-csv"
        />
      }
      height={200}
    >
      {(data) => (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("managers.manager")}</Table.Th>
                <Table.Th ta="right">{t("managers.open")}</Table.Th>
                <Table.Th ta="right">{t("managers.openAmount")}</Table.Th>
                <Table.Th ta="right">{t("managers.won")}</Table.Th>
                <Table.Th ta="right">{t("managers.wonAmount")}</Table.Th>
                <Table.Th ta="right">{t("managers.lost")}</Table.Th>
                <Table.Th ta="right">{t("managers.overdue")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.managers.map((m) => (
                <Table.Tr key={m.userId ?? "unassigned"} data-testid="dashboard-manager-row">
                  <Table.Td>
                    <Text size="sm" fw={500} fs={m.userId ? undefined : "italic"}>
                      {m.name || m.email || t("managers.unassigned")}
                    </Text>
                    {m.role && (
                      <Text size="xs" c="dimmed">
                        {t(`roles.${m.role}`, { ns: "common" })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(m.openDeals, lang)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                    {moneyText(m.openAmounts, lang)}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(m.wonDeals, lang)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }} fw={600} c="teal.8">
                    {moneyText(m.wonAmounts, lang)}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(m.lostDeals, lang)}</Table.Td>
                  <Table.Td ta="right">
                    {m.overdueTasks > 0 ? (
                      <Badge color="red" variant="light">
                        {formatNumber(m.overdueTasks, lang)}
                      </Badge>
                    ) : (
                      "0"
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </ChartCard>
  );
}
