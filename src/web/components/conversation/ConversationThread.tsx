// A conversation's messages, oldest to newest grouped by day, with "earlier" on top and the reply box
// below. Opening it marks the conversation read; new messages arrive live.
import { Box, Button, Center, Divider, ScrollArea, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../lib/format.ts";
import { useSession } from "../../lib/session.ts";
import { QueryState } from "../QueryState.tsx";
import { type Conversation, useLiveConversations, useMarkRead, useMessages } from "./api.ts";
import { MessageBubble } from "./MessageBubble.tsx";
import { ReplyBox } from "./ReplyBox.tsx";
import { chronological, groupByDay } from "./thread.ts";

export function ConversationThread({
  conversation,
  height = 480,
  fixed = false,
}: {
  conversation: Conversation;
  /** The height of the message area: exactly when `fixed`, otherwise at most. */
  height?: number | string;
  fixed?: boolean;
}) {
  const { t, i18n } = useTranslation("inbox");
  const { can } = useSession();
  const messages = useMessages(conversation.id);
  const markRead = useMarkRead();
  useLiveConversations();

  const unread = conversation.unreadCount > 0;
  const mayUpdate = can("records.update");
  const { mutate: read } = markRead;
  // Mark read on open, and again when a message arrives while the thread is open.
  useEffect(() => {
    if (unread && mayUpdate) read(conversation.id);
  }, [conversation.id, unread, mayUpdate, read]);

  const ordered = chronological(messages.data?.pages ?? []);
  const lastId = ordered.at(-1)?.id;
  const viewport = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (lastId) viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lastId]);

  const content = (
    <QueryState query={messages}>
      {() => (
        <Stack gap={6} p={4}>
          {messages.hasNextPage && (
            <Center>
              <Button
                variant="subtle"
                size="xs"
                loading={messages.isFetchingNextPage}
                onClick={() => void messages.fetchNextPage()}
              >
                {t("thread.earlier")}
              </Button>
            </Center>
          )}
          {ordered.length === 0 && (
            <Text c="dimmed" size="sm" ta="center" py="lg">
              {t("thread.empty")}
            </Text>
          )}
          {groupByDay(ordered).map((group) => (
            <Box key={group.day}>
              <Divider
                my="xs"
                labelPosition="center"
                label={formatDate(group.items[0]?.createdAt ?? group.day, i18n.language)}
              />
              <Stack gap={6}>
                {group.items.map((message) => (
                  <MessageBubble key={message.id} message={message} />
                ))}
              </Stack>
            </Box>
          ))}
        </Stack>
      )}
    </QueryState>
  );
  // A fixed height keeps the reply box in place in the inbox; the deal card grows up to the limit.
  return (
    <Stack gap="sm" data-testid="thread">
      {fixed ? (
        <ScrollArea style={{ height }} viewportRef={viewport} type="auto" offsetScrollbars>
          {content}
        </ScrollArea>
      ) : (
        <ScrollArea.Autosize mah={height} viewportRef={viewport} type="auto" offsetScrollbars>
          {content}
        </ScrollArea.Autosize>
      )}
      {mayUpdate && <ReplyBox conversation={conversation} />}
    </Stack>
  );
}
