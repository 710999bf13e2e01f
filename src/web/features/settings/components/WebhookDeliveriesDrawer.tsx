// A subscription's deliveries, newest first: topic, status, attempts, the last answer and when the next
// attempt is due. A row opens to the response excerpt and the last error; failed ones can be sent again,
// one by one or all at once.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  Code,
  Drawer,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconChevronDown, IconChevronRight, IconRepeat } from "@tabler/icons-react";
import { Fragment, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useDeliveries, useReplayDelivery, useReplayFailed } from "../api/webhooks.ts";
import {
  type Delivery,
  deliveryBadge,
  statusCodeColor,
  topicLabel,
  type Webhook,
} from "../logic/webhooks.ts";

const COLUMNS = ["topic", "status", "attempts", "code", "duration", "time", "next"] as const;

export function WebhookDeliveriesDrawer({
  webhook,
  onClose,
}: {
  webhook: Webhook | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("settings");
  // Keep the list while the drawer slides out.
  const kept = useRef(webhook);
  if (webhook) kept.current = webhook;
  const shown = kept.current;
  return (
    <Drawer
      opened={webhook !== null}
      onClose={onClose}
      position="right"
      size="min(1000px, 100%)"
      title={t("webhooks.deliveries.title", { name: shown ? shown.name || shown.url : "" })}
    >
      {shown && <DeliveriesLog key={shown.id} webhook={shown} open={webhook !== null} />}
    </Drawer>
  );
}

function DeliveriesLog({ webhook, open }: { webhook: Webhook; open: boolean }) {
  const { t } = useTranslation("settings");
  const [failedOnly, setFailedOnly] = useState(false);
  const deliveries = useDeliveries(webhook.id, failedOnly, open);
  const replayFailed = useReplayFailed(webhook.id);

  const replayAll = () =>
    replayFailed.mutate(undefined, {
      onSuccess: ({ count }) => notifyDone(t("webhooks.deliveries.replayedAll", { count })),
      onError: (err) => notifyError(err, t),
    });

  // The server sends nothing for a subscription that is off, replays included.
  const canReplay = webhook.active;

  return (
    <Stack gap="md" data-testid="webhook-deliveries">
      {!canReplay && (
        <Alert color="gray" variant="light" data-testid="webhook-deliveries-inactive">
          {t("webhooks.deliveries.inactive")}
        </Alert>
      )}
      <Group justify="space-between" gap="sm">
        <SegmentedControl
          size="xs"
          value={failedOnly ? "failed" : "all"}
          onChange={(v) => setFailedOnly(v === "failed")}
          data={[
            { value: "all", label: t("webhooks.deliveries.all") },
            { value: "failed", label: t("webhooks.deliveries.failedOnly") },
          ]}
          data-testid="webhook-deliveries-filter"
        />
        <Button
          size="xs"
          variant="light"
          color="orange"
          leftSection={<IconRepeat size={14} />}
          loading={replayFailed.isPending}
          disabled={!canReplay}
          onClick={replayAll}
          data-testid="webhook-replay-failed"
        >
          {t("webhooks.deliveries.replayFailed")}
        </Button>
      </Group>
      <QueryState
        query={deliveries}
        isEmpty={(data) => data.pages.every((p) => p.items.length === 0)}
        empty={failedOnly ? t("webhooks.deliveries.noFailed") : t("webhooks.deliveries.empty")}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing={6} fz="sm" data-testid="webhook-deliveries-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={28} />
                    {COLUMNS.map((c) => (
                      <Table.Th key={c}>{t(`webhooks.deliveries.columns.${c}`)}</Table.Th>
                    ))}
                    <Table.Th aria-label={t("columns.actions")} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.pages
                    .flatMap((p) => p.items)
                    .map((delivery) => (
                      <DeliveryRow
                        key={delivery.id}
                        webhookId={webhook.id}
                        delivery={delivery}
                        canReplay={canReplay}
                      />
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {deliveries.hasNextPage && (
              <Center>
                <Button
                  variant="light"
                  loading={deliveries.isFetchingNextPage}
                  onClick={() => void deliveries.fetchNextPage()}
                  data-testid="webhook-deliveries-more"
                >
                  {t("actions.loadMore", { ns: "common" })}
                </Button>
              </Center>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function DeliveryRow({
  webhookId,
  delivery,
  canReplay,
}: {
  webhookId: string;
  delivery: Delivery;
  canReplay: boolean;
}) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const [open, setOpen] = useState(false);
  const replay = useReplayDelivery(webhookId);
  const badge = deliveryBadge(delivery.status);
  const toggle = () => setOpen((o) => !o);
  const Chevron = open ? IconChevronDown : IconChevronRight;

  return (
    <Fragment>
      <Table.Tr
        data-testid={`delivery-${delivery.id}`}
        data-status={delivery.status}
        onClick={toggle}
        style={{ cursor: "pointer" }}
      >
        <Table.Td>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-expanded={open}
            aria-label={t("webhooks.deliveries.details")}
            onClick={(e) => {
              e.stopPropagation();
              toggle();
            }}
          >
            <Chevron size={16} />
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm" title={delivery.topic}>
            {topicLabel(delivery.topic, t)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge color={badge.color} variant="light" style={{ flexShrink: 0 }} data-testid="delivery-status">
            {t(badge.label)}
          </Badge>
        </Table.Td>
        <Table.Td>{delivery.attempts}</Table.Td>
        <Table.Td>
          {delivery.lastStatusCode === null ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <Text
              size="sm"
              ff="monospace"
              c={statusCodeColor(delivery.lastStatusCode)}
              data-testid="delivery-code"
            >
              {delivery.lastStatusCode}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          {delivery.lastDurationMs === null ? "—" : t("webhooks.ms", { ms: delivery.lastDurationMs })}
        </Table.Td>
        <Table.Td>
          <Text size="sm" title={formatDateTime(delivery.createdAt, lang)}>
            {formatRelative(delivery.deliveredAt ?? delivery.createdAt, lang)}
          </Text>
        </Table.Td>
        <Table.Td>
          {delivery.status === "pending" && delivery.nextAttemptAt ? (
            <Text size="sm" title={formatDateTime(delivery.nextAttemptAt, lang)}>
              {formatRelative(delivery.nextAttemptAt, lang)}
            </Text>
          ) : (
            "—"
          )}
        </Table.Td>
        <Table.Td>
          <Tooltip label={t("webhooks.deliveries.replay")}>
            <ActionIcon
              variant="subtle"
              color="orange"
              loading={replay.isPending}
              // A pending delivery is already due to be sent (the server answers 409).
              disabled={!canReplay || delivery.status === "pending"}
              aria-label={t("webhooks.deliveries.replay")}
              data-testid="delivery-replay"
              onClick={(e) => {
                e.stopPropagation();
                replay.mutate(delivery.id, {
                  onSuccess: () => notifyDone(t("webhooks.deliveries.replayed")),
                  onError: (err) => notifyError(err, t),
                });
              }}
            >
              <IconRepeat size={16} />
            </ActionIcon>
          </Tooltip>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr data-testid={`delivery-details-${delivery.id}`}>
          <Table.Td colSpan={COLUMNS.length + 2}>
            <Stack gap="xs">
              <Text size="xs" c="dimmed">
                {t("webhooks.deliveries.eventId", { id: delivery.eventId })}
                {delivery.deliveredAt &&
                  ` · ${t("webhooks.deliveries.deliveredAt", { when: formatDateTime(delivery.deliveredAt, lang) })}`}
              </Text>
              {delivery.lastError && (
                <Text size="sm" c="red" data-testid="delivery-error">
                  {delivery.lastError}
                </Text>
              )}
              <Text size="xs" fw={500}>
                {t("webhooks.deliveries.response")}
              </Text>
              {delivery.responseExcerpt ? (
                <Code
                  block
                  style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", maxHeight: 240 }}
                  data-testid="delivery-response"
                >
                  {delivery.responseExcerpt}
                </Code>
              ) : (
                <Text size="sm" c="dimmed">
                  {t("webhooks.deliveries.noResponse")}
                </Text>
              )}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
