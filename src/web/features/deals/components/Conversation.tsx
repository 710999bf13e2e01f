// Where the chat with the client (Telegram, WhatsApp, Avito) will appear once a channel is connected.
import { Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconMessages } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export function Conversation() {
  const { t } = useTranslation("deals");
  return (
    <Card withBorder padding="md" data-testid="deal-conversation">
      <Stack gap="xs">
        <Group gap="xs">
          <IconMessages size={18} />
          <Title order={3} size="h5">
            {t("conversation.title")}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t("conversation.text")}
        </Text>
      </Stack>
    </Card>
  );
}
