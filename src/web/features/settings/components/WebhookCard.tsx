// One subscription: its name and URL, events as badges, format and pipeline, the active switch, why the
// server turned it off (with "reactivate"), since when it fails, a test ping's answer, and its actions.
import { Alert, Badge, Button, Group, Paper, Stack, Switch, Text } from "@mantine/core";
import {
  IconAlertTriangle,
  IconHistory,
  IconPencil,
  IconRefresh,
  IconSend,
  IconTrash,
} from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../../components/notify.ts";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useTestWebhook, useUpdateWebhook } from "../api/webhooks.ts";
import { type TestResult, topicLabel, type Webhook, webhookState } from "../logic/webhooks.ts";
import { RowAction } from "./RowAction.tsx";
import { WebhookTestResult } from "./WebhookTestResult.tsx";

export function WebhookCard({
  webhook,
  pipelineName,
  onEdit,
  onRotate,
  onDelete,
  onDeliveries,
}: {
  webhook: Webhook;
  pipelineName: string | null;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
  onDeliveries: () => void;
}) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const update = useUpdateWebhook();
  const test = useTestWebhook();
  const [result, setResult] = useState<TestResult | null>(null);
  const state = webhookState(webhook);
  const title = webhook.name || webhook.url;

  const setActive = (active: boolean) =>
    update.mutate({ id: webhook.id, body: { active } }, { onError: (err) => notifyError(err, t) });
  const sendTest = () =>
    test.mutate(webhook.id, { onSuccess: setResult, onError: (err) => notifyError(err, t) });

  return (
    <Paper withBorder p="md" data-testid={`webhook-${webhook.id}`} data-active={webhook.active}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={2} miw={0}>
            <Text fw={600} truncate>
              {title}
            </Text>
            {webhook.name && (
              <Text size="sm" c="dimmed" ff="monospace" style={{ wordBreak: "break-all" }}>
                {webhook.url}
              </Text>
            )}
          </Stack>
          <Group gap={4} wrap="nowrap">
            <Switch
              checked={webhook.active}
              onChange={(e) => setActive(e.currentTarget.checked)}
              disabled={update.isPending}
              aria-label={t("webhooks.activeName", { name: title })}
              data-testid={`webhook-active-${webhook.id}`}
              mr="xs"
            />
            <RowAction
              label={t("actions.edit", { ns: "common" })}
              ariaLabel={t("webhooks.editName", { name: title })}
              icon={IconPencil}
              color="gray"
              onClick={onEdit}
              testId={`webhook-edit-${webhook.id}`}
            />
            <RowAction
              label={t("webhooks.rotate")}
              ariaLabel={t("webhooks.rotateName", { name: title })}
              icon={IconRefresh}
              color="gray"
              onClick={onRotate}
              testId={`webhook-rotate-${webhook.id}`}
            />
            <RowAction
              label={t("actions.delete", { ns: "common" })}
              ariaLabel={t("webhooks.deleteName", { name: title })}
              icon={IconTrash}
              onClick={onDelete}
              testId={`webhook-delete-${webhook.id}`}
            />
          </Group>
        </Group>

        <Group gap={6}>
          {webhook.events.map((event) => (
            <Badge key={event} variant="light" color={event.includes("*") ? "violet" : "blue"} tt="none">
              {topicLabel(event, t)}
            </Badge>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {t("webhooks.formatLine", { format: t(`webhooks.formats.${webhook.format}`) })}
          {" · "}
          {pipelineName ? t("webhooks.pipelineLine", { name: pipelineName }) : t("webhooks.anyPipeline")}
        </Text>

        {state.kind === "disabled" && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            data-testid={`webhook-disabled-${webhook.id}`}
          >
            <Group justify="space-between" gap="sm">
              <Text size="sm">{t(state.reasonKey)}</Text>
              <Button
                size="xs"
                color="red"
                variant="light"
                loading={update.isPending}
                onClick={() => setActive(true)}
                data-testid={`webhook-reactivate-${webhook.id}`}
              >
                {t("webhooks.reactivate")}
              </Button>
            </Group>
          </Alert>
        )}
        {state.kind === "failing" && (
          <Text size="sm" c="orange" title={formatRelative(state.since, lang)} data-testid="webhook-failing">
            {t("webhooks.failingSince", { when: formatDateTime(state.since, lang) })}
          </Text>
        )}
        {state.kind === "paused" && (
          <Text size="sm" c="dimmed">
            {t("webhooks.paused")}
          </Text>
        )}

        <WebhookTestResult result={result} onClose={() => setResult(null)} />

        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconSend size={14} />}
            loading={test.isPending}
            onClick={sendTest}
            data-testid={`webhook-test-${webhook.id}`}
          >
            {t("webhooks.test")}
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconHistory size={14} />}
            onClick={onDeliveries}
            data-testid={`webhook-deliveries-${webhook.id}`}
          >
            {t("webhooks.deliveries.open")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
