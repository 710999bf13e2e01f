// The inbox list with its filters and "show more". "Overdue" narrows "unanswered", so it is a chip beside
// the channel rather than a sixth segment (which would not fit the column).
import { Chip, Group, SegmentedControl, Select, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CHANNELS, type Channel, useConversationList } from "../../../components/conversation/api.ts";
import { PagedList } from "../../../components/PagedList.tsx";
import { type InboxFilter, listQuery, SEGMENTS } from "../filters.ts";
import { ConversationItem } from "./ConversationItem.tsx";

export function ConversationList({
  filter,
  channel,
  selectedId,
  onFilter,
  onChannel,
  onSelect,
}: {
  filter: InboxFilter;
  channel: Channel | null;
  selectedId: string | null;
  onFilter: (filter: InboxFilter) => void;
  onChannel: (channel: Channel | null) => void;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation("inbox");
  const query = useConversationList(listQuery(filter, channel));
  const filtered = filter !== "all" || channel !== null;
  return (
    <Stack gap="sm" data-testid="inbox-list">
      <SegmentedControl
        fullWidth
        size="xs"
        aria-label={t("filters.label")}
        value={filter === "overdue" ? "unanswered" : filter}
        onChange={(v) => onFilter(v as InboxFilter)}
        data={SEGMENTS.map((f) => ({
          value: f,
          label: <span data-testid={`inbox-filter-${f}`}>{t(`filters.${f}`)}</span>,
        }))}
      />
      <Group>
        <Select
          size="xs"
          aria-label={t("filters.channel")}
          placeholder={t("filters.anyChannel")}
          clearable
          value={channel}
          onChange={(v) => onChannel((v as Channel | null) ?? null)}
          data={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
          data-testid="inbox-filter-channel"
          style={{ flex: 1 }}
        />
        <Chip
          size="xs"
          color="red"
          variant="light"
          checked={filter === "overdue"}
          onChange={(on) => onFilter(on ? "overdue" : "unanswered")}
        >
          <span data-testid="inbox-filter-overdue">{t("filters.overdue")}</span>
        </Chip>
      </Group>
      <PagedList
        query={query}
        gap={2}
        testId="inbox-items"
        loadMoreTestId="inbox-more"
        empty={filtered ? t("list.emptyFiltered") : t("list.empty")}
      >
        {(c) => (
          <ConversationItem
            key={c.id}
            conversation={c}
            selected={c.id === selectedId}
            onSelect={() => onSelect(c.id)}
          />
        )}
      </PagedList>
    </Stack>
  );
}
