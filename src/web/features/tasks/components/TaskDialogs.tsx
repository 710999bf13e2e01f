// Small dialogs of a task's menu: pick a new due moment, hand it to someone else, confirm deleting.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Task } from "../api/tasks.ts";
import { fromPickerValue, toPickerValue } from "../dates.ts";
import { AssigneeSelect } from "./AssigneeSelect.tsx";
import { DueInput } from "./DueInput.tsx";

interface DialogProps {
  task: Task;
  opened: boolean;
  onClose: () => void;
}

function Actions({
  onClose,
  busy,
  label,
  color,
}: {
  onClose: () => void;
  busy: boolean;
  label: string;
  color?: string;
}) {
  const { t } = useTranslation("tasks");
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        {t("actions.cancel", { ns: "common" })}
      </Button>
      <Button type="submit" loading={busy} color={color}>
        {label}
      </Button>
    </Group>
  );
}

export function RescheduleModal({
  task,
  opened,
  onClose,
  onSave,
}: DialogProps & { onSave: (due: Date | null) => Promise<boolean> }) {
  const { t } = useTranslation("tasks");
  const [value, setValue] = useState<string | null>(toPickerValue(task.dueAt));
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) setValue(toPickerValue(task.dueAt));
  }, [opened, task.dueAt]);
  return (
    <Modal opened={opened} onClose={onClose} title={t("reschedule.title")} centered>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const iso = fromPickerValue(value);
          const ok = await onSave(iso ? new Date(iso) : null);
          setBusy(false);
          if (ok) onClose();
        }}
      >
        <Stack>
          <Text size="sm" fw={500}>
            {task.title}
          </Text>
          <DueInput value={value} onChange={setValue} current={task.dueAt} autoFocus />
          <Actions onClose={onClose} busy={busy} label={t("actions.save", { ns: "common" })} />
        </Stack>
      </form>
    </Modal>
  );
}

export function ReassignModal({
  task,
  opened,
  onClose,
  onSave,
}: DialogProps & { onSave: (id: string | null) => Promise<boolean> }) {
  const { t } = useTranslation("tasks");
  const [value, setValue] = useState<string | null>(task.assigneeId);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) setValue(task.assigneeId);
  }, [opened, task.assigneeId]);
  return (
    <Modal opened={opened} onClose={onClose} title={t("reassign.title")} centered>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const ok = await onSave(value);
          setBusy(false);
          if (ok) onClose();
        }}
      >
        <Stack>
          <Text size="sm" fw={500}>
            {task.title}
          </Text>
          <AssigneeSelect value={value} onChange={setValue} data-testid="task-reassign-select" />
          <Actions onClose={onClose} busy={busy} label={t("reassign.submit")} />
        </Stack>
      </form>
    </Modal>
  );
}

export function DeleteModal({
  task,
  opened,
  onClose,
  onConfirm,
}: DialogProps & { onConfirm: () => Promise<boolean> }) {
  const { t } = useTranslation("tasks");
  const [busy, setBusy] = useState(false);
  return (
    <Modal opened={opened} onClose={onClose} title={t("delete.title")} centered>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const ok = await onConfirm();
          setBusy(false);
          if (ok) onClose();
        }}
      >
        <Stack>
          <Text size="sm">{t("delete.text", { title: task.title })}</Text>
          <Actions onClose={onClose} busy={busy} label={t("actions.delete", { ns: "common" })} color="red" />
        </Stack>
      </form>
    </Modal>
  );
}
