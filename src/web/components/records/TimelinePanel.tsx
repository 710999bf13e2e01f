// A record's history, newest first: created, changed (which fields), owner changes, notes, tasks.
import { Button, Center, Text, Timeline, Tooltip } from "@mantine/core";
import {
  IconCheck,
  IconChecklist,
  IconEdit,
  IconGitMerge,
  IconNote,
  IconPlus,
  IconTrash,
  IconUserCheck,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatRelative } from "../../lib/format.ts";
import { Empty, ErrorState, Loading } from "../QueryState.tsx";
import { MemberName } from "./display.tsx";
import { describeEvent, type TimelineEvent } from "./timelineText.ts";
import { useInfiniteList } from "./useInfiniteList.ts";

function iconOf(kind: string) {
  if (kind === "created") return <IconPlus size={12} />;
  if (kind === "updated") return <IconEdit size={12} />;
  if (kind === "owner_changed") return <IconUserCheck size={12} />;
  if (kind === "merged") return <IconGitMerge size={12} />;
  if (kind === "task_completed") return <IconCheck size={12} />;
  if (kind.startsWith("note_")) return <IconNote size={12} />;
  if (kind.startsWith("task_")) return <IconChecklist size={12} />;
  if (kind.endsWith("deleted")) return <IconTrash size={12} />;
  return null;
}

export function TimelinePanel({
  recordType,
  recordId,
}: {
  recordType: "contact" | "company";
  recordId: string;
}) {
  const { t, i18n } = useTranslation("records");
  const { t: tc } = useTranslation();
  const list = useInfiniteList<TimelineEvent>(["timeline", recordType, recordId], "/api/timeline", {
    recordType,
    recordId,
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const shown = list.items.flatMap((event) => {
    const text = describeEvent(event);
    return text ? [{ event, text }] : [];
  });
  if (shown.length === 0) return <Empty>{t("timeline.empty")}</Empty>;
  const lang = i18n.language;
  return (
    <>
      <Timeline bulletSize={22} lineWidth={2} data-testid="timeline">
        {shown.map(({ event, text }) => (
          <Timeline.Item
            key={event.id}
            bullet={iconOf(event.kind)}
            title={text.key ? t(`timeline.kinds.${text.key}`) : event.kind}
            data-testid="timeline-item"
          >
            {text.fields.length > 0 && (
              <Text size="sm">
                {text.fields
                  .map((f) => t(`fieldNames.${f}`, { defaultValue: f.replace(/^cf\./, "") }))
                  .join(", ")}
              </Text>
            )}
            {event.kind === "owner_changed" && (
              <Text size="sm">
                <MemberName id={text.from} fallback={t("nobody")} /> →{" "}
                <MemberName id={text.to} fallback={t("nobody")} />
              </Text>
            )}
            <Text size="xs" c="dimmed">
              <MemberName id={event.actorUserId} fallback={event.actorApiKeyId ? t("apiKey") : t("system")} />{" "}
              ·{" "}
              <Tooltip label={formatDateTime(event.occurredAt, lang)}>
                <span>{formatRelative(event.occurredAt, lang)}</span>
              </Tooltip>
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {list.hasNextPage && (
        <Center mt="sm">
          <Button
            variant="subtle"
            size="xs"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {tc("actions.loadMore")}
          </Button>
        </Center>
      )}
    </>
  );
}
