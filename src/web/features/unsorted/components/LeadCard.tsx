// One incoming lead: where it came from and when, who wrote and what, the UTM tags; the actions while
// it waits, or how it was resolved.
import { Anchor, Badge, Button, Card, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconLink, IconX } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDateTime, formatPhone, formatRelative } from "../../../lib/format.ts";
import { useMembers, useSession, useSources } from "../../../lib/session.ts";
import type { Lead } from "../api/unsorted.ts";
import { leadSummary } from "../summary.ts";

const STATUS_COLORS = { pending: "orange", accepted: "teal", declined: "red", linked: "blue" } as const;

interface LeadCardProps {
  lead: Lead;
  onAccept: (lead: Lead) => void;
  onDecline: (lead: Lead) => void;
  onLink: (lead: Lead) => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" miw={90}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: "anywhere", minWidth: 0 }}>
        {children}
      </Text>
    </Group>
  );
}

function Resolution({ lead }: { lead: Lead }) {
  const { t, i18n } = useTranslation("unsorted");
  const members = useMembers();
  const who = members.data?.find((m) => m.userId === lead.resolvedBy);
  return (
    <Stack gap={4}>
      {lead.declineReason && <Field label={t("card.reason")}>{lead.declineReason}</Field>}
      <Group gap="md">
        {lead.dealId && (
          <Anchor component={Link} to={`/deals/${lead.dealId}`} size="sm">
            {t("card.openDeal")}
          </Anchor>
        )}
        {lead.contactId && (
          <Anchor component={Link} to={`/contacts/${lead.contactId}`} size="sm">
            {t("card.openContact")}
          </Anchor>
        )}
      </Group>
      {lead.resolvedAt && (
        <Text size="xs" c="dimmed">
          {t("card.resolved", {
            when: formatDateTime(lead.resolvedAt, i18n.language),
            who: who ? who.name || who.email : "—",
          })}
        </Text>
      )}
    </Stack>
  );
}

export function LeadCard({ lead, onAccept, onDecline, onLink }: LeadCardProps) {
  const { t, i18n } = useTranslation("unsorted");
  const { can } = useSession();
  const sources = useSources();
  const s = leadSummary(lead);
  const source = sources.data?.find((x) => x.id === lead.sourceId);
  return (
    <Card withBorder padding="sm" radius="md" data-testid={`unsorted-item-${lead.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {lead.title}
            </Text>
            <Group gap={6} wrap="wrap">
              <Badge variant="light" color="gray" size="sm">
                {t(`channels.${lead.channel}`)}
              </Badge>
              {source && (
                <Badge variant="outline" size="sm">
                  {source.name}
                </Badge>
              )}
              {lead.status !== "pending" && (
                <Badge color={STATUS_COLORS[lead.status]} size="sm">
                  {t(`status.${lead.status}`)}
                </Badge>
              )}
            </Group>
          </Stack>
          <Tooltip label={formatDateTime(lead.createdAt, i18n.language)} withinPortal>
            <Text size="xs" c="dimmed">
              {formatRelative(lead.createdAt, i18n.language)}
            </Text>
          </Tooltip>
        </Group>
        <Stack gap={2}>
          {s.name && <Field label={t("card.name")}>{s.name}</Field>}
          {s.phone && (
            <Field label={t("card.phone")}>
              <Anchor href={`tel:${s.phone}`} size="sm">
                {formatPhone(s.phone)}
              </Anchor>
            </Field>
          )}
          {s.email && (
            <Field label={t("card.email")}>
              <Anchor href={`mailto:${s.email}`} size="sm">
                {s.email}
              </Anchor>
            </Field>
          )}
          {s.company && <Field label={t("card.company")}>{s.company}</Field>}
          {s.telegram && <Field label="Telegram">{s.telegram}</Field>}
          {s.whatsapp && <Field label="WhatsApp">{s.whatsapp}</Field>}
          {s.message && <Field label={t("card.message")}>{s.message}</Field>}
          {s.conversationId && (
            <Anchor
              component={Link}
              to={`/inbox?c=${s.conversationId}`}
              size="sm"
              data-testid="unsorted-open-chat"
            >
              {t("card.openChat")}
            </Anchor>
          )}
          {s.extra.map(([k, v]) => (
            <Field key={k} label={k}>
              {v}
            </Field>
          ))}
        </Stack>
        {s.utm.length > 0 && (
          <Group gap={4} wrap="wrap" aria-label={t("card.utm")}>
            {s.utm.map(([k, v]) => (
              <Badge key={k} variant="dot" color="grape" size="sm" tt="none">
                {k}: {v}
              </Badge>
            ))}
          </Group>
        )}
        {lead.status === "pending" ? (
          <Group gap="xs" wrap="wrap">
            {can("records.create") && (
              <Button
                size="xs"
                leftSection={<IconCheck size={14} />}
                onClick={() => onAccept(lead)}
                data-testid={`unsorted-accept-${lead.id}`}
              >
                {t("actions.accept")}
              </Button>
            )}
            {can("records.update") && (
              <>
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconLink size={14} />}
                  onClick={() => onLink(lead)}
                  data-testid={`unsorted-link-${lead.id}`}
                >
                  {t("actions.link")}
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconX size={14} />}
                  onClick={() => onDecline(lead)}
                  data-testid={`unsorted-decline-${lead.id}`}
                >
                  {t("actions.decline")}
                </Button>
              </>
            )}
          </Group>
        ) : (
          <Resolution lead={lead} />
        )}
      </Stack>
    </Card>
  );
}
