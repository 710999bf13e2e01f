// The dashboard (/dashboard): funnel, revenue per month, deals by source, the managers' figures and the
// response times for a period, and the advertising ROI (with its own period); it refreshes by itself
// when deals, tasks or conversations change.
import "@mantine/charts/styles.css";
import { Grid, Group, Text } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { formatDate } from "../../../lib/format.ts";
import { useLiveEvents } from "../../../lib/live.ts";
import { useSession } from "../../../lib/session.ts";
import { analyticsKeys } from "../api/analytics.ts";
import { FunnelCard } from "../components/FunnelCard.tsx";
import { ManagersCard } from "../components/ManagersCard.tsx";
import { PeriodFilter } from "../components/PeriodFilter.tsx";
import { ResponsesCard } from "../components/ResponsesCard.tsx";
import { RevenueCard } from "../components/RevenueCard.tsx";
import { RoiCard } from "../components/RoiCard.tsx";
import { SourcesCard } from "../components/SourcesCard.tsx";
import { type PeriodChoice, resolvePeriod, todayIn } from "../period.ts";

/** Many changes in a row (an import, a kanban session) refresh the reports once. */
const REFRESH_AFTER_MS = 2_000;

export default function DashboardPage() {
  const { t, i18n } = useTranslation("dashboard");
  const client = useQueryClient();
  const [choice, setChoice] = useState<PeriodChoice>("month");
  const [custom, setCustom] = useState<[string | null, string | null]>([null, null]);
  const { timezone } = useSession().workspace;
  const period = useMemo(() => resolvePeriod(choice, custom, todayIn(timezone)), [choice, custom, timezone]);

  const refresh = useDebouncedCallback(
    () => void client.invalidateQueries({ queryKey: analyticsKeys.all }),
    REFRESH_AFTER_MS,
  );
  useLiveEvents(["deal.", "task."], refresh);
  // Messages come often in a busy inbox: they refresh only the response times.
  const refreshResponses = useDebouncedCallback(
    () => void client.invalidateQueries({ queryKey: analyticsKeys.responsesAll }),
    REFRESH_AFTER_MS,
  );
  useLiveEvents(["message.", "conversation."], refreshResponses);

  const span =
    period.from || period.to
      ? `${period.from ? formatDate(period.from, i18n.language) : "…"} — ${period.to ? formatDate(period.to, i18n.language) : "…"}`
      : t("period.allTime");

  return (
    <>
      <PageHeader title={t("title")} />
      <Group justify="space-between" align="center" gap="xs" mt={-4} mb="md" wrap="wrap">
        <PeriodFilter choice={choice} custom={custom} onChoice={setChoice} onCustom={setCustom} />
        <Text size="sm" c="dimmed" data-testid="dashboard-period-span">
          {t("period.span", { span })}
        </Text>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <FunnelCard period={period} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <SourcesCard period={period} />
        </Grid.Col>
        <Grid.Col span={12}>
          <RevenueCard />
        </Grid.Col>
        <Grid.Col span={12}>
          <ResponsesCard period={period} />
        </Grid.Col>
        <Grid.Col span={12}>
          <ManagersCard period={period} />
        </Grid.Col>
        <Grid.Col span={12}>
          <RoiCard />
        </Grid.Col>
      </Grid>
    </>
  );
}
