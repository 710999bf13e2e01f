// One message: inbound on the left, outbound on the right with its delivery status. Files come through
// the CRM's proxy: images as thumbnails (a click opens the full one), anything else as a download link.
import { Anchor, Badge, Box, Group, Image, Paper, Text, Tooltip } from "@mantine/core";
import { IconPaperclip, IconTemplate } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type Message, mediaUrl } from "./api.ts";
import { isImageMedia, statusColor, statusKey } from "./thread.ts";

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
        {message.template && (
          <Box data-testid="message-template">
            <Group gap={4} wrap="nowrap">
              <IconTemplate size={14} />
              <Text size="xs" c="dimmed">
                {t("template.label", { name: message.template.name, language: message.template.language })}
              </Text>
            </Group>
            {message.template.params.length > 0 && (
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                {message.template.params.join(" · ")}
              </Text>
            )}
          </Box>
        )}
        {!message.text && message.media.length === 0 && !message.template && (
          <Text size="sm" c="dimmed" fs="italic">
            {t("thread.noText")}
          </Text>
        )}
        {message.media.map((m, index) => {
          const url = mediaUrl(message.conversationId, message.id, index);
          const name = m.fileName ?? t(`media.${m.kind}`, { defaultValue: t("media.file") });
          // Media are positional (the proxy URL is by index), and file ids may be empty until sent.
          const key = `${message.id}-${index}`;
          return isImageMedia(m) ? (
            <Anchor key={key} href={url} target="_blank" rel="noopener" display="block" my={4}>
              <Image
                src={url}
                alt={name}
                maw={240}
                mah={240}
                fit="contain"
                radius="sm"
                loading="lazy"
                data-testid="message-image"
              />
            </Anchor>
          ) : (
            <Group key={key} gap={4} wrap="nowrap">
              <IconPaperclip size={14} />
              <Anchor href={url} size="xs" download={m.fileName ?? true} data-testid="message-file">
                {name}
              </Anchor>
            </Group>
          );
        })}
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
