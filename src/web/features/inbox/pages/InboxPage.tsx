// The inbox: conversations on the left, the open thread in the middle, the contact and deal on the right.
// The open conversation is in the URL (`?c=<id>`); on a phone the list and the thread are separate screens.
import { ActionIcon, Card, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowLeft } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { type Channel, useConversation } from "../../../components/conversation/api.ts";
import { ConversationThread } from "../../../components/conversation/ConversationThread.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { QueryState } from "../../../components/QueryState.tsx";
import { ChannelIcon } from "../components/ChannelIcon.tsx";
import { ConversationList } from "../components/ConversationList.tsx";
import { ConversationSide } from "../components/ConversationSide.tsx";
import { displayName, type InboxFilter, parseChannel, parseFilter } from "../filters.ts";

function OpenConversation({ id, onBack }: { id: string; onBack?: () => void }) {
  const { t } = useTranslation("inbox");
  const query = useConversation(id);
  return (
    <QueryState query={query}>
      {(c) => (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Card withBorder padding="sm">
              <Stack gap="sm">
                <Group gap="xs" wrap="nowrap">
                  {onBack && (
                    <ActionIcon
                      variant="subtle"
                      onClick={onBack}
                      aria-label={t("thread.back")}
                      data-testid="inbox-back"
                    >
                      <IconArrowLeft size={18} />
                    </ActionIcon>
                  )}
                  <ChannelIcon channel={c.channel} label={t(`channels.${c.channel}`)} />
                  <Title order={2} size="h5" style={{ minWidth: 0 }} lineClamp={1}>
                    {displayName(c)}
                  </Title>
                </Group>
                <ConversationThread
                  conversation={c}
                  fixed
                  height={onBack ? "calc(100dvh - 300px)" : "calc(100dvh - 330px)"}
                />
              </Stack>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <ConversationSide conversation={c} />
          </Grid.Col>
        </Grid>
      )}
    </QueryState>
  );
}

export default function InboxPage() {
  const { t } = useTranslation("inbox");
  const [params, setParams] = useSearchParams();
  const phone = useMediaQuery("(max-width: 48em)");
  const selectedId = params.get("c");
  const filter = parseFilter(params.get("f"));
  const channel = parseChannel(params.get("ch"));

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key !== "c" },
    );

  const list = (
    <ConversationList
      filter={filter}
      channel={channel}
      selectedId={selectedId}
      onFilter={(f: InboxFilter) => setParam("f", f === "all" ? null : f)}
      onChannel={(ch: Channel | null) => setParam("ch", ch)}
      onSelect={(id) => setParam("c", id)}
    />
  );

  if (phone) {
    return (
      <Stack gap="md">
        {selectedId ? (
          <OpenConversation key={selectedId} id={selectedId} onBack={() => setParam("c", null)} />
        ) : (
          <>
            <PageHeader title={t("title")} />
            {list}
          </>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <PageHeader title={t("title")} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>{list}</Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          {selectedId ? (
            <OpenConversation key={selectedId} id={selectedId} />
          ) : (
            <Card withBorder padding="xl">
              <Text c="dimmed" ta="center">
                {t("thread.pick")}
              </Text>
            </Card>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
