// Lead capture forms for the workspace's own site: each has a public token, where its submissions go
// (a deal in a pipeline, or Unsorted), and the snippet to paste. Everyone sees them; `integrations.manage`
// creates, edits and deletes.
import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { useMembers, usePipelines, useSources } from "../../../lib/session.ts";
import { useDeleteLeadForm, useLeadForms } from "../api/forms.ts";
import type { LeadForm } from "../logic/leadForms.ts";
import type { Access } from "../logic/sections.ts";
import { useConfirm } from "./ConfirmModal.tsx";
import { FormsEditModal } from "./FormsEditModal.tsx";
import { FormsSnippet } from "./FormsSnippet.tsx";
import { RowAction } from "./RowAction.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function FormsSection({ access }: { access: Access }) {
  const { t } = useTranslation("settings");
  const editable = access === "edit";
  const forms = useLeadForms();
  const remove = useDeleteLeadForm();
  const confirm = useConfirm();
  const [edit, setEdit] = useState<{ opened: boolean; form: LeadForm | null }>({ opened: false, form: null });

  const askDelete = (form: LeadForm) =>
    confirm.ask({
      title: t("leadForms.deleteTitle", { name: form.name }),
      message: t("leadForms.deleteText"),
      confirmLabel: t("actions.delete", { ns: "common" }),
      onConfirm: async () => {
        await remove.mutateAsync(form.id);
        notifyDone(t("leadForms.deletedDone", { name: form.name }));
      },
    });

  return (
    <SectionFrame section="forms" access={access}>
      {editable && (
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEdit({ opened: true, form: null })}
            data-testid="lead-form-add"
          >
            {t("leadForms.add")}
          </Button>
        </Group>
      )}
      <QueryState query={forms} isEmpty={(data) => data.items.length === 0} empty={t("leadForms.empty")}>
        {(data) => (
          <Stack gap="sm" data-testid="lead-forms-list">
            {data.items.map((form) => (
              <FormCard
                key={form.id}
                form={form}
                editable={editable}
                onEdit={() => setEdit({ opened: true, form })}
                onDelete={() => askDelete(form)}
              />
            ))}
          </Stack>
        )}
      </QueryState>
      <FormsEditModal
        opened={edit.opened}
        form={edit.form}
        onClose={() => setEdit((e) => ({ ...e, opened: false }))}
      />
      {confirm.modal}
    </SectionFrame>
  );
}

function FormCard({
  form,
  editable,
  onEdit,
  onDelete,
}: {
  form: LeadForm;
  editable: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation("settings");
  const pipelines = usePipelines();
  const sources = useSources();
  const members = useMembers();
  const pipeline = (pipelines.data ?? []).find((p) => p.id === form.pipelineId);
  const source = (sources.data ?? []).find((s) => s.id === form.sourceId);
  const assignee = (members.data ?? []).find((m) => m.userId === form.assigneeId);
  const facts = [
    form.target === "deal"
      ? t("leadForms.toPipeline", { pipeline: pipeline?.name ?? t("leadForms.defaultPipeline") })
      : t("leadForms.toUnsorted"),
    source && t("leadForms.withSource", { source: source.name }),
    assignee && t("leadForms.withAssignee", { name: assignee.name || assignee.email }),
  ].filter(Boolean);

  return (
    <Paper withBorder p="md" data-testid={`lead-form-${form.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Group gap="xs">
              <Title order={4} size="h5" data-testid="lead-form-name">
                {form.name}
              </Title>
              <Badge variant="light" color={form.target === "deal" ? "blue" : "gray"}>
                {t(`leadForms.targets.${form.target}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {facts.join(" · ")}
            </Text>
            <Text size="sm" c="dimmed" data-testid="lead-form-origins">
              {form.allowedOrigins.length > 0
                ? t("leadForms.originsList", { origins: form.allowedOrigins.join(", ") })
                : t("leadForms.noOrigins")}
            </Text>
          </div>
          {editable && (
            <Group gap={4} wrap="nowrap">
              <RowAction
                label={t("actions.edit", { ns: "common" })}
                ariaLabel={t("leadForms.editTitle", { name: form.name })}
                icon={IconPencil}
                color="gray"
                onClick={onEdit}
                testId="lead-form-edit"
              />
              <RowAction
                label={t("actions.delete", { ns: "common" })}
                ariaLabel={t("leadForms.deleteTitle", { name: form.name })}
                icon={IconTrash}
                onClick={onDelete}
                testId="lead-form-delete"
              />
            </Group>
          )}
        </Group>
        <FormsSnippet form={form} />
      </Stack>
    </Paper>
  );
}
