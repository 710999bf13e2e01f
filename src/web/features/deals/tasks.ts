// The order of a deal's tasks: open ones by due time (undated last), then done ones, latest first.
import type { Task } from "./api/types.ts";

const due = (t: Task) => (t.dueAt ? new Date(t.dueAt).getTime() : Number.POSITIVE_INFINITY);

export function sortTasks(tasks: Task[]): Task[] {
  const open = tasks
    .filter((t) => !t.doneAt)
    .sort((a, b) => due(a) - due(b) || a.createdAt.localeCompare(b.createdAt));
  const done = tasks.filter((t) => t.doneAt).sort((a, b) => (b.doneAt ?? "").localeCompare(a.doneAt ?? ""));
  return [...open, ...done];
}
