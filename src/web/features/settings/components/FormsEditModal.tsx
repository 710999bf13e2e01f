// Creates or edits a lead form: its name, the sites allowed to post to it, where a submission goes (a
// deal in a pipeline, or Unsorted), its lead source and the member who gets the leads.
import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { errorText } from "../../../lib/errors.ts";
import { useMembers, usePipelines, useSources } from "../../../lib/session.ts";
import { useCreateLeadForm, useUpdateLeadForm } from "../api/forms.ts";
import {
  emptyLeadForm,
  type FormTarget,
  type LeadForm,
  type LeadFormValues,
  leadFormErrors,
  leadFormFieldErrors,
  leadFormValues,
  TARGETS,
} from "../logic/leadForms.ts";

export function FormsEditModal({
  opened,
  form: editing,
  onClose,
}: {
  opened: boolean;
  /** The form to edit; null to create one. */
  form: LeadForm | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("settings");
  const pipelines = usePipelines();
  const sources = useSources();
  const members = useMembers();
  const create = useCreateLeadForm();
  const update = useUpdateLeadForm();
  const [failure, setFailure] = useState<string | null>(null);
  // Keep the title while the modal fades out.
  const kept = useRef(editing);
  if (opened) kept.current = editing;
  const shown = kept.current;
  const form = useForm<LeadFormValues>({
    initialValues: emptyLeadForm(),
    validate: (values) =>
      Object.fromEntries(Object.entries(leadFormErrors(values)).map(([field, key]) => [field, t(key)])),
  });
  const { setValues, resetDirty, clearErrors } = form;
  useEffect(() => {
    if (!opened) return;
    setValues(editing ? leadFormValues(editing) : emptyLeadForm());
    resetDirty();
    clearErrors();
    setFailure(null);
  }, [opened, editing, setValues, resetDirty, clearErrors]);

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      if (editing) {
        const saved = await update.mutateAsync({ id: editing.id, values });
        notifyDone(t("leadForms.savedDone", { name: saved.name }));
      } else {
        const created = await create.mutateAsync(values);
        notifyDone(t("leadForms.createdDone", { name: created.name }));
      }
      onClose();
    } catch (err) {
      const fields = leadFormFieldErrors(err);
      if (Object.keys(fields).length > 0) form.setErrors(fields);
      else setFailure(errorText(err, t));
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={shown ? t("leadForms.editTitle", { name: shown.name }) : t("leadForms.createTitle")}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="lead-form-form">
        <Stack gap="md">
          <TextInput
            label={t("leadForms.name")}
            placeholder={t("leadForms.namePlaceholder")}
            required
            data-testid="lead-form-name-input"
            {...form.getInputProps("name")}
          />
          <Textarea
            label={t("leadForms.origins")}
            description={t("leadForms.originsHint")}
            placeholder="https://shop.example.ru"
            autosize
            minRows={2}
            maxRows={6}
            data-testid="lead-form-origins-input"
            {...form.getInputProps("origins")}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t("leadForms.target")}
            </Text>
            <SegmentedControl
              data={TARGETS.map((value) => ({ value, label: t(`leadForms.targets.${value}`) }))}
              data-testid="lead-form-target"
              value={form.values.target}
              onChange={(value) => form.setFieldValue("target", value as FormTarget)}
            />
            <Text size="xs" c="dimmed">
              {t(`leadForms.targetHints.${form.values.target}`)}
            </Text>
          </Stack>
          {form.values.target === "deal" && (
            <Select
              label={t("leadForms.pipeline")}
              placeholder={t("leadForms.defaultPipeline")}
              data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              clearable
              data-testid="lead-form-pipeline"
              {...form.getInputProps("pipelineId")}
            />
          )}
          <Select
            label={t("leadForms.source")}
            placeholder={t("leadForms.noSource")}
            data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            clearable
            searchable
            data-testid="lead-form-source"
            {...form.getInputProps("sourceId")}
          />
          <Select
            label={t("leadForms.assignee")}
            description={t("leadForms.assigneeHint")}
            placeholder={t("leadForms.noAssignee")}
            data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
            clearable
            searchable
            data-testid="lead-form-assignee"
            {...form.getInputProps("assigneeId")}
          />
          {failure && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              data-testid="lead-form-error"
            >
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="lead-form-submit">
              {editing ? t("actions.save", { ns: "common" }) : t("leadForms.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
