// One stage: drag handle, colour, name, kind, delete.
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Badge, Group, Paper, Text, Tooltip } from "@mantine/core";
import { IconGripVertical, IconLock, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Stage } from "../../../lib/session.ts";
import { ColorField } from "./ColorField.tsx";
import { InlineName } from "./InlineName.tsx";

export function StageRow({
  stage,
  position,
  editable,
  deletable,
  onRename,
  onRecolor,
  onDelete,
}: {
  stage: Stage;
  /** 1-based place in the pipeline, shown instead of the handle when read-only. */
  position: number;
  editable: boolean;
  deletable: boolean;
  onRename: (name: string) => Promise<unknown>;
  onRecolor: (color: string | null) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation("settings");
  const movable = editable && stage.kind === "open";
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id: stage.id,
      disabled: !movable,
    });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      px="xs"
      py={6}
      role="listitem"
      data-testid={`stage-row-${stage.id}`}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : 1,
        position: "relative",
        zIndex: isDragging ? 2 : undefined,
        borderLeft: `4px solid ${stage.color ?? "var(--mantine-color-gray-4)"}`,
      }}
    >
      <Group gap="xs" wrap="nowrap">
        {editable ? (
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            aria-label={
              movable ? t("stages.drag", { name: stage.name }) : t("stages.fixed", { name: stage.name })
            }
            data-testid={`stage-handle-${stage.id}`}
            style={{ cursor: movable ? "grab" : "not-allowed", touchAction: "none" }}
            {...attributes}
            {...listeners}
            aria-disabled={!movable}
          >
            {movable ? <IconGripVertical size={18} /> : <IconLock size={16} />}
          </ActionIcon>
        ) : (
          <Text c="dimmed" size="sm" w={28} ta="center" aria-hidden>
            {position}
          </Text>
        )}
        <ColorField
          value={stage.color}
          label={t("stages.colorOf", { name: stage.name })}
          editable={editable}
          onSave={onRecolor}
          testId={`stage-color-${stage.id}`}
        />
        <Group style={{ flex: 1 }} miw={0}>
          <InlineName
            value={stage.name}
            label={stage.name}
            editable={editable}
            testId={`stage-name-${stage.id}`}
            onSave={onRename}
          />
        </Group>
        {stage.kind !== "open" && (
          <Badge variant="light" color={stage.kind === "won" ? "teal" : "red"}>
            {t(`stages.kind.${stage.kind}`)}
          </Badge>
        )}
        {editable && stage.kind === "open" && (
          <Tooltip label={deletable ? t("stages.delete") : t("stages.lastOpen")}>
            <ActionIcon
              variant="subtle"
              color="red"
              disabled={!deletable}
              aria-label={t("stages.deleteName", { name: stage.name })}
              onClick={onDelete}
              data-testid={`stage-delete-${stage.id}`}
            >
              <IconTrash size={18} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Paper>
  );
}
