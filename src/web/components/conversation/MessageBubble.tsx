// One message: inbound on the left, outbound on the right with its delivery status.
import { Badge, Box, Group, Paper, Text, Tooltip } from "@mantine/core";
import { IconPaperclip } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Message } from "./api.ts";
import { statusColor, statusKey } from "./thread.ts";

const timeOf = (value: string, lang: string) =>
  new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "ru-RU", { hour: "2-digit", minute: "2-digit" }).format(
    new Date(value),
  );

export function MessageBubble({ message }: { message: Message }) {
  const { t, i18n } = useTranslation("inbox");
  const outbound = message.direction === "outbound";
  const status = (
    <Badge size="xs" variant="light" color={statusColor(message.status)}>
      {t(statusKey(message.status))}
    </Badge>
  );
  return (
    <Group
      justify={outbound ? "flex-end" : "flex-start"}
      data-testid={`message-${message.id}`}
      data-direction={message.direction}
      data-status={message.status}
    >
      <Paper
        withBorder
        radius="md"
        px="sm"
        py={6}
        maw="80%"
        bg={outbound ? "var(--mantine-color-blue-light)" : undefined}
      >
        {message.text && (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {message.text}
          </Text>
        )}
        {!message.text && message.media.length === 0 && (
          <Text size="sm" c="dimmed" fs="italic">
            {t("thread.noText")}
          </Text>
        )}
        {message.media.map((m) => (
          <Group key={m.fileId} gap={4}>
            <IconPaperclip size={14} />
            <Text size="xs" c="dimmed">
              {m.fileName ?? t(`media.${m.kind}`, { defaultValue: t("media.file") })}
            </Text>
          </Group>
        ))}
        <Group gap={6} justify="flex-end" mt={2}>
          <Text size="xs" c="dimmed">
            {timeOf(message.createdAt, i18n.language)}
          </Text>
          {outbound && (
            <Box>
              {message.error ? (
                <Tooltip label={message.error} multiline maw={320} withArrow>
                  {status}
                </Tooltip>
              ) : (
                status
              )}
            </Box>
          )}
        </Group>
      </Paper>
    </Group>
  );
}
