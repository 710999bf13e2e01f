// One tab's tasks, soonest due first, with "show more" for the next page.
import { useTranslation } from "react-i18next";
import { PagedList } from "../../../components/PagedList.tsx";
import { type Task, type TaskListFilter, useTaskList } from "../api/tasks.ts";
import { TaskRow } from "./TaskRow.tsx";

export function TaskList({ filter, onEdit }: { filter: TaskListFilter; onEdit: (task: Task) => void }) {
  const { t } = useTranslation("tasks");
  return (
    <PagedList
      query={useTaskList(filter)}
      empty={t(`empty.${filter.view}`)}
      gap="xs"
      testId={`tasks-list-${filter.view}`}
    >
      {(task) => <TaskRow key={task.id} task={task} onEdit={onEdit} />}
    </PagedList>
  );
}
