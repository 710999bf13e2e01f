// One tab's tasks, soonest due first, with "show more" for the next page.
import { Button, Center, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Empty, ErrorState, Loading, NotFound } from "../../../components/QueryState.tsx";
import { isNotFound } from "../../../lib/errors.ts";
import { type Task, type TaskListFilter, useTaskList } from "../api/tasks.ts";
import { TaskRow } from "./TaskRow.tsx";

export function TaskList({ filter, onEdit }: { filter: TaskListFilter; onEdit: (task: Task) => void }) {
  const { t } = useTranslation("tasks");
  const query = useTaskList(filter);
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return isNotFound(query.error) ? (
      <NotFound />
    ) : (
      <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    );
  }
  const tasks = query.data.pages.flatMap((p) => p.items);
  if (tasks.length === 0) return <Empty>{t(`empty.${filter.view}`)}</Empty>;
  return (
    <Stack gap="xs" data-testid={`tasks-list-${filter.view}`}>
      {tasks.map((task) => (
        <TaskRow key={task.id} task={task} onEdit={onEdit} />
      ))}
      {query.hasNextPage && (
        <Center>
          <Button
            variant="light"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {t("actions.loadMore", { ns: "common" })}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
