// Creates or edits a subscription: name, receiver URL, events (with wildcards), an optional pipeline,
// the body format and the active flag. The server's 422 (a private host, an unknown event) shows on the
// field it is about, or above the buttons when it names none.
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { errorText } from "../../../lib/errors.ts";
import { usePipelines } from "../../../lib/session.ts";
import { useCreateWebhook, useUpdateWebhook } from "../api/webhooks.ts";
import { resolver } from "../logic/forms.ts";
import {
  emptyWebhookForm,
  eventGroups,
  FORMATS,
  normalizeEvents,
  toWebhookBody,
  type Webhook,
  type WebhookFormValues,
  webhookFieldErrors,
  webhookSchema,
  webhookValues,
} from "../logic/webhooks.ts";

export function WebhookFormModal({
  opened,
  webhook,
  onClose,
  onCreated,
}: {
  opened: boolean;
  /** The subscription to edit; null to create one. */
  webhook: Webhook | null;
  onClose: () => void;
  onCreated: (created: Webhook & { secret: string }) => void;
}) {
  const { t } = useTranslation("settings");
  const pipelines = usePipelines();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const [failure, setFailure] = useState<string | null>(null);
  // Keep the title while the modal fades out.
  const kept = useRef(webhook);
  if (opened) kept.current = webhook;
  const editing = kept.current;
  const form = useForm<WebhookFormValues>({
    initialValues: emptyWebhookForm(),
    validate: resolver(webhookSchema, t),
  });
  const { setValues, resetDirty, clearErrors } = form;
  useEffect(() => {
    if (!opened) return;
    setValues(webhook ? webhookValues(webhook) : emptyWebhookForm());
    resetDirty();
    clearErrors();
    setFailure(null);
  }, [opened, webhook, setValues, resetDirty, clearErrors]);

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      if (editing) {
        const saved = await update.mutateAsync({ id: editing.id, body: toWebhookBody(values) });
        notifyDone(t("webhooks.savedDone", { name: saved.name || saved.url }));
        onClose();
      } else {
        const created = await create.mutateAsync(values);
        notifyDone(t("webhooks.createdDone", { name: created.name || created.url }));
        onClose();
        onCreated(created);
      }
    } catch (err) {
      const fields = webhookFieldErrors(err);
      if (Object.keys(fields).length > 0) form.setErrors(fields);
      else setFailure(errorText(err, t));
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        editing ? t("webhooks.editTitle", { name: editing.name || editing.url }) : t("webhooks.createTitle")
      }
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t("webhooks.name")}
            placeholder={t("webhooks.namePlaceholder")}
            data-testid="webhook-name"
            {...form.getInputProps("name")}
          />
          <TextInput
            label={t("webhooks.url")}
            description={t("webhooks.urlHint")}
            placeholder="https://example.ru/crm-hooks"
            required
            autoComplete="off"
            data-testid="webhook-url"
            {...form.getInputProps("url")}
          />
          <MultiSelect
            label={t("webhooks.events")}
            description={t("webhooks.eventsHint")}
            placeholder={form.values.events.length ? undefined : t("webhooks.eventsPlaceholder")}
            data={eventGroups(t)}
            searchable
            clearable
            hidePickedOptions
            maxDropdownHeight={320}
            required
            data-testid="webhook-events"
            {...form.getInputProps("events")}
            onChange={(events) => form.setFieldValue("events", normalizeEvents(events))}
          />
          <Select
            label={t("webhooks.pipeline")}
            description={t("webhooks.pipelineHint")}
            placeholder={t("webhooks.anyPipeline")}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            clearable
            data-testid="webhook-pipeline"
            {...form.getInputProps("pipelineId")}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t("webhooks.format")}
            </Text>
            <SegmentedControl
              data={FORMATS.map((f) => ({ value: f, label: t(`webhooks.formats.${f}`) }))}
              data-testid="webhook-format"
              {...form.getInputProps("format")}
            />
            <Text size="xs" c="dimmed">
              {t(`webhooks.formatHints.${form.values.format}`)}
            </Text>
          </Stack>
          <Switch
            label={t("webhooks.active")}
            data-testid="webhook-active"
            {...form.getInputProps("active", { type: "checkbox" })}
          />
          {failure && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              data-testid="webhook-form-error"
            >
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="webhook-submit">
              {editing ? t("actions.save", { ns: "common" }) : t("webhooks.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
