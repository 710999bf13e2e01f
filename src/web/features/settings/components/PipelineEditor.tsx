// One pipeline: rename, make default, delete (moving its deals), and its stages.
import { Badge, Button, Group, Paper, Select, Stack, Text } from "@mantine/core";
import { IconStar, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import type { Pipeline } from "../../../lib/session.ts";
import { useDeletePipeline, useUpdatePipeline } from "../api/pipelines.ts";
import { AddStageForm } from "./AddStageForm.tsx";
import { ConfirmModal } from "./ConfirmModal.tsx";
import { InlineName } from "./InlineName.tsx";
import { StageList } from "./StageList.tsx";

export function PipelineEditor({
  pipeline,
  pipelines,
  editable,
}: {
  pipeline: Pipeline;
  pipelines: Pipeline[];
  editable: boolean;
}) {
  const { t } = useTranslation("settings");
  const update = useUpdatePipeline();
  const remove = useDeletePipeline();
  const [deleting, setDeleting] = useState(false);
  const others = pipelines.filter((p) => p.id !== pipeline.id);
  const firstTarget = others.find((p) => p.isDefault)?.stages[0]?.id ?? others[0]?.stages[0]?.id ?? null;
  const [target, setTarget] = useState<string | null>(firstTarget);

  const makeDefault = async () => {
    try {
      await update.mutateAsync({ id: pipeline.id, isDefault: true });
      notifyDone(t("pipelines.madeDefault", { name: pipeline.name }));
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <Paper withBorder p="md" data-testid={`pipeline-${pipeline.id}`}>
      <Stack>
        <Group justify="space-between" gap="sm">
          <Group gap="sm" miw={0}>
            <InlineName
              value={pipeline.name}
              label={pipeline.name}
              editable={editable}
              fw={600}
              testId="pipeline-title"
              onSave={(name) => update.mutateAsync({ id: pipeline.id, name })}
            />
            {pipeline.isDefault && (
              <Badge variant="light" color="orange">
                {t("pipelines.default")}
              </Badge>
            )}
          </Group>
          {editable && (
            <Group gap="xs">
              {!pipeline.isDefault && (
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconStar size={14} />}
                  loading={update.isPending}
                  onClick={() => void makeDefault()}
                  data-testid="pipeline-make-default"
                >
                  {t("pipelines.makeDefault")}
                </Button>
              )}
              <Button
                size="xs"
                variant="light"
                color="red"
                leftSection={<IconTrash size={14} />}
                disabled={others.length === 0}
                title={others.length === 0 ? t("pipelines.lastOne") : undefined}
                onClick={() => {
                  setTarget(firstTarget);
                  setDeleting(true);
                }}
                data-testid="pipeline-delete"
              >
                {t("pipelines.delete")}
              </Button>
            </Group>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {editable ? t("stages.hint") : t("stages.hintReadOnly")}
        </Text>
        <StageList pipeline={pipeline} editable={editable} />
        {editable && <AddStageForm pipelineId={pipeline.id} />}
      </Stack>
      <ConfirmModal
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={t("pipelines.deleteTitle", { name: pipeline.name })}
        message={t("pipelines.deleteText")}
        confirmLabel={t("pipelines.delete")}
        onConfirm={async () => {
          await remove.mutateAsync({ id: pipeline.id, targetStageId: target ?? undefined });
          notifyDone(t("pipelines.deleted", { name: pipeline.name }));
        }}
      >
        <Select
          label={t("pipelines.moveDealsTo")}
          data={others.map((p) => ({
            group: p.name,
            items: p.stages.map((s) => ({ value: s.id, label: `${p.name} → ${s.name}` })),
          }))}
          value={target}
          onChange={setTarget}
          allowDeselect={false}
          searchable
          comboboxProps={{ withinPortal: true }}
          data-testid="pipeline-delete-target"
        />
      </ConfirmModal>
    </Paper>
  );
}
