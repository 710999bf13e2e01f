// The stages the deal went through and how long it stayed in each.
import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorState, Loading } from "../../../components/QueryState.tsx";
import { formatDateTime, localeOf } from "../../../lib/format.ts";
import { useMembers, usePipelines } from "../../../lib/session.ts";
import { useStageHistory } from "../api/activity.ts";
import type { Deal, StageStay, TimelineEvent } from "../api/types.ts";
import { stayLength, staysFromTimeline } from "../stages.ts";

interface Props {
  deal: Deal;
  /** The loaded timeline, read when the server has no stage-history endpoint. */
  timelineEvents: TimelineEvent[];
}

export function StageHistory({ deal, timelineEvents }: Props) {
  const { t, i18n } = useTranslation("deals");
  const lang = i18n.language;
  const history = useStageHistory(deal.id);
  const pipelines = usePipelines();
  const stages = new Map((pipelines.data ?? []).flatMap((p) => p.stages).map((s) => [s.id, s]));
  const pipelineNames = new Map((pipelines.data ?? []).map((p) => [p.id, p.name]));
  const members = useMembers();
  const memberNames = new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email]));
  const stays: StageStay[] =
    history.data === null || history.data === undefined
      ? staysFromTimeline(timelineEvents, deal)
      : history.data;
  const ordered = [...stays].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
  const length = (stay: StageStay) => {
    const { unit, n } = stayLength(stay.enteredAt, stay.leftAt);
    return new Intl.NumberFormat(localeOf(lang), { style: "unit", unit, unitDisplay: "long" }).format(n);
  };

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("history.title")}
        </Title>
        <Stack gap={8} data-testid="deal-stage-history">
          {history.isPending ? (
            <Loading />
          ) : history.isError ? (
            <ErrorState error={history.error} onRetry={() => void history.refetch()} />
          ) : (
            ordered.map((stay, i) => {
              const stage = stages.get(stay.stageId);
              const current = stay.leftAt === null && i === ordered.length - 1;
              return (
                <Group
                  key={`${stay.stageId}-${stay.enteredAt}`}
                  justify="space-between"
                  wrap="nowrap"
                  gap="xs"
                  data-testid="stage-history-entry"
                  data-stage-id={stay.stageId}
                >
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={current ? 600 : 400} truncate>
                        {stage?.name ?? stay.stageName ?? t("history.removedStage")}
                      </Text>
                      {current && (
                        <Badge size="xs" variant="light" style={{ flex: "none" }}>
                          {t("history.now")}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {[
                        formatDateTime(stay.enteredAt, lang),
                        stay.pipelineId && stay.pipelineId !== deal.pipelineId
                          ? (pipelineNames.get(stay.pipelineId) ?? stay.pipelineName)
                          : null,
                        stay.movedByName ?? (stay.movedBy ? memberNames.get(stay.movedBy) : null),
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </Text>
                  </Stack>
                  <Text size="xs" c="dimmed" style={{ flex: "none" }}>
                    {length(stay)}
                  </Text>
                </Group>
              );
            })
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
