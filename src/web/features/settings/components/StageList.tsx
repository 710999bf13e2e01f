// The stages of a pipeline, reordered by dragging the handle (mouse, touch, or keyboard: focus the handle,
// Space to pick up, arrows to move, Space to drop, Escape to cancel). Won and lost stay last.
import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Select, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import type { Pipeline, Stage } from "../../../lib/session.ts";
import { useDeleteStage, useReorderStages, useUpdateStage } from "../api/pipelines.ts";
import { orderAfterDrop, withClosedLast } from "../logic/stageOrder.ts";
import { ConfirmModal } from "./ConfirmModal.tsx";
import { StageRow } from "./StageRow.tsx";

export function StageList({ pipeline, editable }: { pipeline: Pipeline; editable: boolean }) {
  const { t } = useTranslation("settings");
  const reorder = useReorderStages();
  const update = useUpdateStage();
  const remove = useDeleteStage();
  const [deleting, setDeleting] = useState<Stage | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const stages = withClosedLast(pipeline.stages);
  const openCount = stages.filter((s) => s.kind === "open").length;
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const nameOf = (id: string | number | undefined) => stages.find((s) => s.id === id)?.name ?? "";
  const positionOf = (id: string | number | undefined) => stages.findIndex((s) => s.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t("stages.dnd.picked", { name: nameOf(active.id), position: positionOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t("stages.dnd.over", { name: nameOf(active.id), position: positionOf(over.id) }) : undefined,
    onDragEnd: ({ active, over }) =>
      t("stages.dnd.dropped", { name: nameOf(active.id), position: positionOf(over?.id ?? active.id) }),
    onDragCancel: ({ active }) => t("stages.dnd.cancelled", { name: nameOf(active.id) }),
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const stageIds = orderAfterDrop(stages, String(active.id), over ? String(over.id) : null);
    if (!stageIds) return;
    try {
      await reorder.mutateAsync({ pipelineId: pipeline.id, stageIds });
    } catch (err) {
      notifyError(err, t);
    }
  };

  const saveStage = async (stage: Stage, patch: { name?: string; color?: string | null }) => {
    await update.mutateAsync({ pipelineId: pipeline.id, stageId: stage.id, ...patch });
    notifyDone(t("state.saved", { ns: "common" }));
  };

  const askDelete = (stage: Stage) => {
    setTarget(stages.find((s) => s.id !== stage.id && s.kind === "open")?.id ?? null);
    setDeleting(stage);
  };

  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={(event) => void onDragEnd(event)}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t("stages.dnd.instructions") },
        }}
      >
        <SortableContext items={stages.map((s) => s.id)} strategy={verticalListSortingStrategy}>
          <Stack gap={6} data-testid="stage-list" role="list" aria-label={t("stages.title")}>
            {stages.map((stage, index) => (
              <StageRow
                key={stage.id}
                stage={stage}
                position={index + 1}
                editable={editable}
                deletable={stage.kind === "open" && openCount > 1}
                onRename={(name) => saveStage(stage, { name })}
                onRecolor={(color) => void saveStage(stage, { color }).catch((err) => notifyError(err, t))}
                onDelete={() => askDelete(stage)}
              />
            ))}
          </Stack>
        </SortableContext>
      </DndContext>
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t("stages.deleteTitle", { name: deleting?.name })}
        message={t("stages.deleteText")}
        confirmLabel={t("stages.delete")}
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync({
            pipelineId: pipeline.id,
            stageId: deleting.id,
            targetStageId: target ?? undefined,
          });
          notifyDone(t("stages.deleted", { name: deleting.name }));
        }}
      >
        <Select
          label={t("stages.moveDealsTo")}
          data={stages.filter((s) => s.id !== deleting?.id).map((s) => ({ value: s.id, label: s.name }))}
          value={target}
          onChange={setTarget}
          allowDeselect={false}
          data-testid="stage-delete-target"
        />
      </ConfirmModal>
    </>
  );
}
