// The task form: what the person edits (the picker's local time) and the body the API takes, checked
// by the same `taskInput` schema the server uses.
import { taskInput } from "../../../common/tasks.ts";
import { fromPickerValue, toPickerValue } from "./dates.ts";

export interface TaskFormValues {
  title: string;
  description: string;
  /** Mantine's picker value, "YYYY-MM-DD HH:mm:ss" in local time, or null. */
  dueAt: string | null;
  assigneeId: string | null;
}

export interface TaskBody {
  title: string;
  description: string | null;
  dueAt: string | null;
  assigneeId: string | null;
}

export function emptyTaskForm(assigneeId: string | null): TaskFormValues {
  return { title: "", description: "", dueAt: null, assigneeId };
}

export function taskFormOf(task: {
  title: string;
  description: string | null;
  dueAt: string | null;
  assigneeId: string | null;
}): TaskFormValues {
  return {
    title: task.title,
    description: task.description ?? "",
    dueAt: toPickerValue(task.dueAt),
    assigneeId: task.assigneeId,
  };
}

/** The body to send: trimmed text, the due moment as ISO 8601, blanks as null. */
export function toTaskBody(values: TaskFormValues): TaskBody {
  const description = values.description.trim();
  return {
    title: values.title.trim(),
    description: description === "" ? null : description,
    dueAt: fromPickerValue(values.dueAt),
    assigneeId: values.assigneeId || null,
  };
}

export type TaskFormError = "required" | "tooLong" | "invalid";

/** Problems of the form by the shared schema: field → what is wrong (an i18n key); empty when valid. */
export function taskFormErrors(values: TaskFormValues): Record<string, TaskFormError> {
  const parsed = taskInput.safeParse(toTaskBody(values));
  if (parsed.success) return {};
  const errors: Record<string, TaskFormError> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "title");
    errors[field] ??=
      issue.code === "too_small" ? "required" : issue.code === "too_big" ? "tooLong" : "invalid";
  }
  return errors;
}
