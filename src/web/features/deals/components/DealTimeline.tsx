// The deal's story, newest first: who did what and when, field changes as old → new.
import { Box, Button, Card, Group, Stack, Text, Timeline, Title, Tooltip } from "@mantine/core";
import {
  IconArrowRight,
  IconChecklist,
  IconNote,
  IconPencil,
  IconPlus,
  IconThumbDown,
  IconTrash,
  IconTrophy,
  IconUser,
} from "@tabler/icons-react";
import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorState, Loading } from "../../../components/QueryState.tsx";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import type { Page, TimelineEvent } from "../api/types.ts";
import { type Describe, describeEvent } from "../timeline.ts";

const ICONS: Record<string, typeof IconPlus> = {
  created: IconPlus,
  updated: IconPencil,
  stage_changed: IconArrowRight,
  won: IconTrophy,
  lost: IconThumbDown,
  owner_changed: IconUser,
  deleted: IconTrash,
};
const iconOf = (kind: string) => ICONS[kind] ?? (kind.startsWith("task_") ? IconChecklist : IconNote);

interface Props {
  timeline: UseInfiniteQueryResult<InfiniteData<Page<TimelineEvent>>>;
  describe: Describe;
}

export function DealTimeline({ timeline, describe }: Props) {
  const { t, i18n } = useTranslation("deals");
  const lang = i18n.language;
  const events = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const shown = events
    .map((event) => ({ event, described: describeEvent(event, describe) }))
    .filter((x) => x.described !== null);
  const actor = (e: TimelineEvent) =>
    e.actorUserId
      ? (describe.member(e.actorUserId) ?? t("timeline.someone"))
      : e.actorApiKeyId
        ? t("timeline.api")
        : t("timeline.system");

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("timeline.title")}
        </Title>
        <Box data-testid="deal-timeline">
          {timeline.isPending ? (
            <Loading />
          ) : timeline.isError ? (
            <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
          ) : shown.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("timeline.empty")}
            </Text>
          ) : (
            <Timeline bulletSize={24} lineWidth={2}>
              {shown.map(({ event, described }) => {
                const Icon = iconOf(event.kind);
                if (!described) return null;
                return (
                  <Timeline.Item
                    key={event.id}
                    bullet={<Icon size={13} />}
                    data-testid="timeline-entry"
                    data-kind={event.kind}
                  >
                    <Text size="sm">{t(described.key, described.params)}</Text>
                    {described.changes.length > 0 && (
                      <Stack gap={2} mt={4}>
                        {described.changes.map((c) => (
                          <Text key={c.label} size="xs" style={{ overflowWrap: "anywhere" }}>
                            <Text span c="dimmed" size="xs">
                              {c.label}:
                            </Text>{" "}
                            {c.from} → {c.to}
                          </Text>
                        ))}
                      </Stack>
                    )}
                    {described.body && (
                      <Text size="xs" c="dimmed" mt={4} lineClamp={4} style={{ whiteSpace: "pre-wrap" }}>
                        {described.body}
                      </Text>
                    )}
                    <Group gap={6} mt={2}>
                      <Text size="xs" c="dimmed">
                        {actor(event)}
                      </Text>
                      <Tooltip label={formatDateTime(event.occurredAt, lang)} withArrow>
                        <Text size="xs" c="dimmed" component="time" dateTime={event.occurredAt}>
                          {formatRelative(event.occurredAt, lang)}
                        </Text>
                      </Tooltip>
                    </Group>
                  </Timeline.Item>
                );
              })}
            </Timeline>
          )}
        </Box>
        {timeline.hasNextPage && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => void timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
          >
            {t("actions.loadMore", { ns: "common" })}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
