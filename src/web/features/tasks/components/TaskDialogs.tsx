// Small dialogs of a task's menu: pick a new due moment, hand it to someone else, confirm deleting.
import { Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../../components/FormModal.tsx";
import type { Task } from "../api/tasks.ts";
import { fromPickerValue, toPickerValue } from "../dates.ts";
import { AssigneeSelect } from "./AssigneeSelect.tsx";
import { DueInput } from "./DueInput.tsx";

interface DialogProps {
  task: Task;
  opened: boolean;
  onClose: () => void;
}

/** Runs a task action and closes the dialog when it went through (a failure has been shown already). */
const closingOnSuccess = (action: () => Promise<boolean>, onClose: () => void) => async () => {
  if (await action()) onClose();
};

export function RescheduleModal({
  task,
  opened,
  onClose,
  onSave,
}: DialogProps & { onSave: (due: Date | null) => Promise<boolean> }) {
  const { t } = useTranslation("tasks");
  const [value, setValue] = useState<string | null>(toPickerValue(task.dueAt));
  useEffect(() => {
    if (opened) setValue(toPickerValue(task.dueAt));
  }, [opened, task.dueAt]);
  const save = () => {
    const iso = fromPickerValue(value);
    return onSave(iso ? new Date(iso) : null);
  };
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t("reschedule.title")}
      submitLabel={t("actions.save", { ns: "common" })}
      onSubmit={closingOnSuccess(save, onClose)}
    >
      <Text size="sm" fw={500}>
        {task.title}
      </Text>
      <DueInput value={value} onChange={setValue} current={task.dueAt} autoFocus />
    </FormModal>
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
  useEffect(() => {
    if (opened) setValue(task.assigneeId);
  }, [opened, task.assigneeId]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t("reassign.title")}
      submitLabel={t("reassign.submit")}
      onSubmit={closingOnSuccess(() => onSave(value), onClose)}
    >
      <Text size="sm" fw={500}>
        {task.title}
      </Text>
      <AssigneeSelect value={value} onChange={setValue} data-testid="task-reassign-select" />
    </FormModal>
  );
}

export function DeleteModal({
  task,
  opened,
  onClose,
  onConfirm,
}: DialogProps & { onConfirm: () => Promise<boolean> }) {
  const { t } = useTranslation("tasks");
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t("delete.title")}
      submitLabel={t("actions.delete", { ns: "common" })}
      submitColor="red"
      onSubmit={closingOnSuccess(onConfirm, onClose)}
    >
      <Text size="sm">{t("delete.text", { title: task.title })}</Text>
    </FormModal>
  );
}
