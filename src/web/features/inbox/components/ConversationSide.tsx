// Beside the thread: who answers, the contact and the deal, the channel and the first response time.
import { Anchor, Card, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Conversation, useUpdateConversation } from "../../../components/conversation/api.ts";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { useMembers, useSession } from "../../../lib/session.ts";
import { duration } from "../filters.ts";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

export function ConversationSide({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation("inbox");
  const { can } = useSession();
  const members = useMembers();
  const update = useUpdateConversation(c.id);
  const response = c.firstResponseSeconds === null ? null : duration(c.firstResponseSeconds);
  return (
    <Card withBorder padding="md" data-testid="conversation-side">
      <Stack gap="sm">
        <Select
          label={t("panel.assignee")}
          placeholder={t("panel.nobody")}
          clearable
          searchable
          disabled={!can("records.update") || update.isPending}
          value={c.assigneeId}
          data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
          onChange={(assigneeId) =>
            update.mutate(
              { assigneeId },
              { onSuccess: () => notifyDone(t("panel.assigned")), onError: (err) => notifyError(err, t) },
            )
          }
          data-testid="conversation-assignee"
        />
        <Field label={t("panel.contact")}>
          {c.contactId ? (
            <Anchor
              component={Link}
              to={`/contacts/${c.contactId}`}
              size="sm"
              data-testid="conversation-contact"
            >
              {c.contactName ?? c.title}
            </Anchor>
          ) : (
            <Text size="sm">{t("panel.noContact")}</Text>
          )}
        </Field>
        <Field label={t("panel.deal")}>
          {c.dealId ? (
            <Anchor component={Link} to={`/deals/${c.dealId}`} size="sm" data-testid="conversation-deal">
              {c.dealTitle ?? c.dealId}
            </Anchor>
          ) : (
            <Text size="sm">{t("panel.noDeal")}</Text>
          )}
        </Field>
        <Field label={t("panel.channel")}>
          <Text size="sm">
            {t(`channels.${c.channel}`)} · {c.integrationName}
          </Text>
        </Field>
        {response && (
          <Field label={t("panel.firstResponse")}>
            <Text size="sm">{t(response.key, { count: response.count })}</Text>
          </Field>
        )}
      </Stack>
    </Card>
  );
}
