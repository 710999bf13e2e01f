// How many leads wait, per channel and per lead source; a click filters the inbox by it.
import { Badge, Group, Skeleton, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSources } from "../../../lib/session.ts";
import { type Channel, useLeadCounts } from "../api/unsorted.ts";
import { countsList } from "../summary.ts";

interface CountsBarProps {
  channel: Channel | undefined;
  sourceId: string | undefined;
  onChannel: (channel: Channel | undefined) => void;
  onSource: (sourceId: string | undefined) => void;
}

export function CountsBar({ channel, sourceId, onChannel, onSource }: CountsBarProps) {
  const { t } = useTranslation("unsorted");
  const counts = useLeadCounts();
  const sources = useSources();
  if (counts.isPending) return <Skeleton h={26} w={300} />;
  if (counts.isError) return null;
  const { total, byChannel, bySource } = counts.data;
  const chip = (active: boolean, label: string, n: number, onClick: () => void, testid: string) => (
    <Badge
      key={testid}
      component="button"
      type="button"
      variant={active ? "filled" : "light"}
      color={active ? "orange" : "gray"}
      size="lg"
      tt="none"
      style={{ cursor: "pointer" }}
      onClick={onClick}
      aria-pressed={active}
      data-testid={testid}
    >
      {label}: {n}
    </Badge>
  );
  return (
    <Group gap={6} wrap="wrap" data-testid="unsorted-counts">
      <Text size="sm" fw={500} mr={4}>
        {t("counts.total", { count: total })}
      </Text>
      {chip(
        !channel && !sourceId,
        t("counts.all"),
        total,
        () => {
          onChannel(undefined);
          onSource(undefined);
        },
        "unsorted-count-all",
      )}
      {countsList(byChannel).map(([key, n]) =>
        chip(
          channel === key,
          t(`channels.${key}`, { defaultValue: key }),
          n,
          () => onChannel(channel === key ? undefined : (key as Channel)),
          `unsorted-count-channel-${key}`,
        ),
      )}
      {countsList(bySource).map(([id, n]) =>
        chip(
          sourceId === id,
          sources.data?.find((s) => s.id === id)?.name ?? t("counts.source"),
          n,
          () => onSource(sourceId === id ? undefined : id),
          `unsorted-count-source-${id}`,
        ),
      )}
    </Group>
  );
}
