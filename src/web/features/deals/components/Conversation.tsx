// The chat with the client about this deal (Telegram, WhatsApp, Avito); until a channel brings one, a
// word on where it will appear.
import { Anchor, Card, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconMessages } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useConversationList, useLiveConversations } from "../../../components/conversation/api.ts";
import { ConversationThread } from "../../../components/conversation/ConversationThread.tsx";
import { QueryState } from "../../../components/QueryState.tsx";

export function Conversation() {
  const { t } = useTranslation("inbox");
  const { id: dealId = "" } = useParams();
  const query = useConversationList({ dealId }, 10);
  useLiveConversations();
  return (
    <Card withBorder padding="md" data-testid="deal-conversation">
      <Stack gap="xs">
        <Group gap="xs">
          <IconMessages size={18} />
          <Title order={3} size="h5">
            {t("deal.title")}
          </Title>
        </Group>
        <QueryState query={query}>
          {(data) => {
            const conversations = data.pages.flatMap((p) => p.items);
            if (conversations.length === 0) {
              return (
                <Text size="sm" c="dimmed">
                  {t("deal.empty")}
                </Text>
              );
            }
            const first = conversations[0];
            return (
              <Tabs defaultValue={first?.id} keepMounted={false}>
                {conversations.length > 1 && (
                  <Tabs.List>
                    {conversations.map((c) => (
                      <Tabs.Tab key={c.id} value={c.id}>
                        {t(`channels.${c.channel}`)} · {c.contactName ?? c.title}
                      </Tabs.Tab>
                    ))}
                  </Tabs.List>
                )}
                {conversations.map((c) => (
                  <Tabs.Panel key={c.id} value={c.id} pt="xs">
                    <Stack gap="xs">
                      <Group justify="space-between" gap="xs">
                        <Text size="sm" c="dimmed">
                          {t(`channels.${c.channel}`)} · {c.integrationName}
                        </Text>
                        <Anchor component={Link} to={`/inbox?c=${c.id}`} size="sm">
                          {t("deal.open")}
                        </Anchor>
                      </Group>
                      <ConversationThread conversation={c} height={360} />
                    </Stack>
                  </Tabs.Panel>
                ))}
              </Tabs>
            );
          }}
        </QueryState>
      </Stack>
    </Card>
  );
}
