// Outgoing webhooks: subscriptions that send the workspace's events to other systems, signed with a
// secret shown once. Owners and admins only (`webhooks.manage`): URLs and secrets are admin matters.
import { Button, Group, Stack } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { usePipelines } from "../../../lib/session.ts";
import { useDeleteWebhook, useRotateSecret, useWebhooks } from "../api/webhooks.ts";
import type { Access } from "../logic/sections.ts";
import type { Webhook } from "../logic/webhooks.ts";
import { useConfirm } from "./ConfirmModal.tsx";
import { SecretOnceModal } from "./SecretOnceModal.tsx";
import { SectionFrame } from "./SectionFrame.tsx";
import { WebhookCard } from "./WebhookCard.tsx";
import { WebhookDeliveriesDrawer } from "./WebhookDeliveriesDrawer.tsx";
import { WebhookFormModal } from "./WebhookFormModal.tsx";

export function WebhooksSection({ access }: { access: Access }) {
  const { t } = useTranslation("settings");
  const webhooks = useWebhooks();
  const pipelines = usePipelines();
  const remove = useDeleteWebhook();
  const rotate = useRotateSecret();
  const confirm = useConfirm();
  const [form, setForm] = useState<{ opened: boolean; webhook: Webhook | null }>({
    opened: false,
    webhook: null,
  });
  const [secret, setSecret] = useState<string | null>(null);
  // By id, so the log follows the subscription as it changes (turned off, renamed).
  const [logId, setLogId] = useState<string | null>(null);
  const logged = webhooks.data?.items.find((w) => w.id === logId) ?? null;
  const pipelineName = (id: string | null) =>
    id ? ((pipelines.data ?? []).find((p) => p.id === id)?.name ?? null) : null;
  const titleOf = (w: Webhook) => w.name || w.url;

  const askRotate = (webhook: Webhook) =>
    confirm.ask({
      title: t("webhooks.rotateTitle", { name: titleOf(webhook) }),
      message: t("webhooks.rotateText"),
      confirmLabel: t("webhooks.rotate"),
      color: "orange",
      onConfirm: async () => {
        const rotated = await rotate.mutateAsync(webhook.id);
        setSecret(rotated.secret);
      },
    });
  const askDelete = (webhook: Webhook) =>
    confirm.ask({
      title: t("webhooks.deleteTitle", { name: titleOf(webhook) }),
      message: t("webhooks.deleteText"),
      confirmLabel: t("actions.delete", { ns: "common" }),
      onConfirm: async () => {
        await remove.mutateAsync(webhook.id);
        notifyDone(t("webhooks.deletedDone", { name: titleOf(webhook) }));
      },
    });

  return (
    <SectionFrame section="webhooks" access={access}>
      <Group justify="flex-end">
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setForm({ opened: true, webhook: null })}
          data-testid="webhook-add"
        >
          {t("webhooks.add")}
        </Button>
      </Group>
      <QueryState query={webhooks} isEmpty={(data) => data.items.length === 0} empty={t("webhooks.empty")}>
        {(data) => (
          <Stack gap="sm" data-testid="webhooks-list">
            {data.items.map((webhook) => (
              <WebhookCard
                key={webhook.id}
                webhook={webhook}
                pipelineName={pipelineName(webhook.pipelineId)}
                onEdit={() => setForm({ opened: true, webhook })}
                onRotate={() => askRotate(webhook)}
                onDelete={() => askDelete(webhook)}
                onDeliveries={() => setLogId(webhook.id)}
              />
            ))}
          </Stack>
        )}
      </QueryState>

      <WebhookFormModal
        opened={form.opened}
        webhook={form.webhook}
        onClose={() => setForm((f) => ({ ...f, opened: false }))}
        onCreated={(created) => setSecret(created.secret)}
      />
      <SecretOnceModal
        secret={secret}
        onClose={() => setSecret(null)}
        texts={{
          title: "webhooks.secret.title",
          warning: "webhooks.secret.warning",
          copy: "webhooks.secret.copy",
          copied: "webhooks.secret.copied",
          usage: "webhooks.secret.usage",
          saved: "webhooks.secret.saved",
        }}
        testIds={{ secret: "webhook-secret", copy: "webhook-secret-copy", close: "webhook-secret-close" }}
      />
      <WebhookDeliveriesDrawer webhook={logged} onClose={() => setLogId(null)} />
      {confirm.modal}
    </SectionFrame>
  );
}
