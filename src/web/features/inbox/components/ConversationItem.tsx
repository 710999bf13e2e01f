// One line of the inbox: channel, name, last message, time, unread count and the "awaiting reply" flag,
// red with the waiting time once the client has waited longer than the workspace allows.
import { Badge, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Conversation } from "../../../components/conversation/api.ts";
import { formatRelative } from "../../../lib/format.ts";
import { displayName, duration, overdueFor, preview } from "../filters.ts";
import { ChannelIcon } from "./ChannelIcon.tsx";

export function ConversationItem({
  conversation: c,
  selected,
  onSelect,
}: {
  conversation: Conversation;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t, i18n } = useTranslation("inbox");
  const channel = t(`channels.${c.channel}`);
  const at = c.lastMessageAt ?? c.createdAt;
  const waited = overdueFor(c);
  const wait = waited === null ? null : duration(waited);
  return (
    <UnstyledButton
      onClick={onSelect}
      data-testid={`inbox-item-${c.id}`}
      aria-current={selected ? "true" : undefined}
      p="xs"
      style={{
        borderRadius: "var(--mantine-radius-md)",
        background: selected ? "var(--mantine-color-blue-light)" : undefined,
      }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ChannelIcon channel={c.channel} label={`${channel}: ${c.integrationName}`} />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Text size="sm" fw={c.unreadCount > 0 ? 700 : 500} truncate>
              {displayName(c)}
            </Text>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {formatRelative(at, i18n.language)}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Text size="xs" c="dimmed" truncate>
              {preview(c, { you: t("list.you"), media: t("list.media"), none: t("list.noMessages") })}
            </Text>
            <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
              {wait ? (
                <Badge size="xs" color="red" variant="filled" data-testid="overdue">
                  {t("list.overdue", { time: t(wait.key, { count: wait.count }) })}
                </Badge>
              ) : (
                c.unanswered && (
                  <Badge size="xs" color="orange" variant="light" data-testid="unanswered">
                    {t("list.unanswered")}
                  </Badge>
                )
              )}
              {c.unreadCount > 0 && (
                <Badge size="sm" circle aria-label={t("list.unread", { count: c.unreadCount })}>
                  {c.unreadCount}
                </Badge>
              )}
            </Group>
          </Group>
          <Text size="xs" c="dimmed" truncate>
            {c.integrationName}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}
