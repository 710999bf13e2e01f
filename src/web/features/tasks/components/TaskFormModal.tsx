// Create or edit a task: title, description, due moment and assignee, checked by the shared schema.
import { Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../../components/FormModal.tsx";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { ApiError } from "../../../lib/api.ts";
import { fieldErrors } from "../../../lib/errors.ts";
import { useSession } from "../../../lib/session.ts";
import { createTask, refreshTasks, type Task, updateTask } from "../api/tasks.ts";
import { emptyTaskForm, type TaskFormValues, taskFormErrors, taskFormOf, toTaskBody } from "../form.ts";
import { AssigneeSelect } from "./AssigneeSelect.tsx";
import { DueInput } from "./DueInput.tsx";

interface TaskFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The task to edit; none to create one. */
  task?: Task | null;
  /** A due moment to start a new task with (the calendar's day). */
  initialDue?: string | null;
}

export function TaskFormModal({ opened, onClose, task, initialDue }: TaskFormModalProps) {
  const { t } = useTranslation("tasks");
  const { user } = useSession();
  const client = useQueryClient();
  const form = useForm<TaskFormValues>({
    initialValues: emptyTaskForm(user.id),
    validate: (values) => {
      const errors = taskFormErrors(values);
      return Object.fromEntries(
        Object.entries(errors).map(([field, code]) => [field, t(`form.errors.${code}`)]),
      );
    },
  });

  // A fresh form each time the dialog opens, for the task it opens with.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when opened or the task changes
  useEffect(() => {
    if (!opened) return;
    const values = task ? taskFormOf(task) : { ...emptyTaskForm(user.id), dueAt: initialDue ?? null };
    form.setInitialValues(values);
    form.setValues(values);
    form.clearErrors();
  }, [opened, task?.id]);

  const submit = form.onSubmit(async (values) => {
    const body = toTaskBody(values);
    try {
      if (task) await updateTask(task.id, body);
      else await createTask(body);
      notifyDone(task ? t("notify.saved") : t("notify.created"));
      await refreshTasks(client);
      onClose();
    } catch (err) {
      const fields = fieldErrors(err);
      if (err instanceof ApiError && Object.keys(fields).length > 0) form.setErrors(fields);
      notifyError(err, t);
    }
  });

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={task ? t("form.editTitle") : t("form.createTitle")}
      submitLabel={task ? t("actions.save", { ns: "common" }) : t("actions.create", { ns: "common" })}
      submitTestId="task-form-submit"
      busy={form.submitting}
      onSubmit={submit}
    >
      <TextInput
        label={t("fields.title")}
        placeholder={t("fields.titlePlaceholder")}
        required
        data-autofocus
        data-testid="task-form-title"
        {...form.getInputProps("title")}
      />
      <DueInput
        value={form.values.dueAt}
        onChange={(v) => form.setFieldValue("dueAt", v)}
        error={typeof form.errors.dueAt === "string" ? form.errors.dueAt : undefined}
        current={task?.dueAt ?? null}
      />
      <AssigneeSelect
        value={form.values.assigneeId}
        onChange={(v) => form.setFieldValue("assigneeId", v)}
        error={typeof form.errors.assigneeId === "string" ? form.errors.assigneeId : undefined}
      />
      <Textarea
        label={t("fields.description")}
        autosize
        minRows={2}
        maxRows={8}
        {...form.getInputProps("description")}
      />
    </FormModal>
  );
}
