// The changes a person makes to a task from a list, each refreshing the lists and saying what happened.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import type { TaskBody } from "../form.ts";
import { completeTask, deleteTask, refreshTasks, reopenTask, type Task, updateTask } from "./tasks.ts";

export function useTaskActions() {
  const { t } = useTranslation("tasks");
  const client = useQueryClient();
  /** Ids of tasks with a change on the way, so their controls wait instead of sending twice. */
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());

  async function run(id: string, call: () => Promise<unknown>, done: string) {
    setBusy((s) => new Set(s).add(id));
    try {
      await call();
      notifyDone(done);
      return true;
    } catch (err) {
      notifyError(err, t);
      return false;
    } finally {
      setBusy((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
      await refreshTasks(client);
    }
  }

  return {
    isBusy: (id: string) => busy.has(id),
    toggleDone: (task: Task) =>
      task.doneAt
        ? run(task.id, () => reopenTask(task.id), t("notify.reopened"))
        : run(task.id, () => completeTask(task.id), t("notify.completed")),
    reschedule: (task: Task, dueAt: Date | null) =>
      run(
        task.id,
        () => updateTask(task.id, { dueAt: dueAt ? dueAt.toISOString() : null }),
        t("notify.rescheduled"),
      ),
    reassign: (task: Task, assigneeId: string | null) =>
      run(
        task.id,
        () => updateTask(task.id, { assigneeId } satisfies Partial<TaskBody>),
        t("notify.reassigned"),
      ),
    remove: (task: Task) => run(task.id, () => deleteTask(task.id), t("notify.deleted")),
  };
}
