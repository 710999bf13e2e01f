// The deal's tasks: open ones first by due time, done ones after; add with a due time and an assignee.
import {
  Button,
  Card,
  Checkbox,
  Collapse,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { taskInput } from "../../../../common/tasks.ts";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { fieldErrors } from "../../../lib/errors.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useMembers, useSession } from "../../../lib/session.ts";
import { addTask, completeTask, reopenTask, useDealTasks } from "../api/activity.ts";
import { dealKeys } from "../api/keys.ts";
import type { Task } from "../api/types.ts";
import { sortTasks } from "../tasks.ts";

interface RowProps {
  task: Task;
  /** Shown at once while the server confirms. */
  done: boolean;
  onToggle: (task: Task) => void;
  busy: boolean;
}

function TaskRow({ task, done, onToggle, busy }: RowProps) {
  const { t, i18n } = useTranslation("deals");
  const members = useMembers();
  const assignee = members.data?.find((m) => m.userId === task.assigneeId)?.name;
  const overdue = !done && task.dueAt !== null && new Date(task.dueAt).getTime() < Date.now();
  return (
    <Group wrap="nowrap" align="flex-start" gap="xs" data-testid="deal-task">
      <Checkbox
        mt={2}
        checked={done}
        disabled={busy}
        onChange={() => onToggle(task)}
        aria-label={
          done ? t("tasks.reopen", { title: task.title }) : t("tasks.complete", { title: task.title })
        }
      />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" td={done ? "line-through" : undefined} c={done ? "dimmed" : undefined}>
          {task.title}
        </Text>
        <Text size="xs" c={overdue ? "red" : "dimmed"}>
          {[task.dueAt ? formatDateTime(task.dueAt, i18n.language) : t("tasks.noDue"), assignee]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      </Stack>
    </Group>
  );
}

export function DealTasks({ dealId, onChanged }: { dealId: string; onChanged: () => void }) {
  const { t } = useTranslation("deals");
  const { user, can } = useSession();
  const client = useQueryClient();
  const members = useMembers();
  const tasks = useDealTasks(dealId);
  const [adding, setAdding] = useState(false);
  const [toggling, setToggling] = useState<Record<string, boolean>>({});
  const form = useForm({
    initialValues: { title: "", dueAt: "", assigneeId: user.id as string | null },
    validate: {
      title: (v) => (taskInput.shape.title.safeParse(v).success ? null : t("errors.required")),
      dueAt: (v) => (!v || !Number.isNaN(new Date(v).getTime()) ? null : t("errors.date")),
    },
  });

  const refresh = () => {
    void client.invalidateQueries({ queryKey: dealKeys.tasks(dealId) });
    void client.invalidateQueries({ queryKey: dealKeys.timeline(dealId) });
    // The tasks page keeps its own lists; they refresh too.
    void client.invalidateQueries({ queryKey: ["tasks"] });
    onChanged();
  };

  const toggle = async (task: Task) => {
    setToggling((now) => ({ ...now, [task.id]: !task.doneAt }));
    try {
      await (task.doneAt ? reopenTask(task.id) : completeTask(task.id));
      await client.invalidateQueries({ queryKey: dealKeys.tasks(dealId) });
      refresh();
    } catch (err) {
      notifyError(err, t);
    } finally {
      setToggling(({ [task.id]: _, ...rest }) => rest);
    }
  };

  const submit = form.onSubmit(async (values) => {
    try {
      await addTask({
        title: values.title.trim(),
        dueAt: values.dueAt ? new Date(values.dueAt).toISOString() : null,
        assigneeId: values.assigneeId,
        dealId,
      });
      form.reset();
      setAdding(false);
      notifyDone(t("tasks.added"));
      refresh();
    } catch (err) {
      form.setErrors(fieldErrors(err));
      notifyError(err, t);
    }
  });

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t("tasks.title")}
          </Title>
          {can("records.create") && !adding && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setAdding(true)}
              data-testid="task-add-open"
            >
              {t("tasks.add")}
            </Button>
          )}
        </Group>
        <Collapse expanded={adding}>
          <form onSubmit={submit} noValidate>
            <Stack gap={6}>
              <TextInput
                size="xs"
                label={t("tasks.what")}
                data-testid="task-title"
                {...form.getInputProps("title")}
              />
              <TextInput
                size="xs"
                type="datetime-local"
                label={t("tasks.due")}
                data-testid="task-due"
                {...form.getInputProps("dueAt")}
              />
              <Select
                size="xs"
                label={t("tasks.assignee")}
                clearable
                data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
                {...form.getInputProps("assigneeId")}
              />
              <Group gap={6} justify="flex-end">
                <Button size="xs" variant="default" onClick={() => setAdding(false)}>
                  {t("actions.cancel", { ns: "common" })}
                </Button>
                <Button size="xs" type="submit" loading={form.submitting} data-testid="task-submit">
                  {t("tasks.add")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Collapse>
        <QueryState query={tasks} isEmpty={(page) => page.items.length === 0} empty={t("tasks.empty")}>
          {(page) => (
            <Stack gap="xs">
              {sortTasks(page.items).map((task) => (
                <TaskRow
                  key={task.id}
                  task={task}
                  done={toggling[task.id] ?? task.doneAt !== null}
                  onToggle={(x) => void toggle(x)}
                  busy={task.id in toggling}
                />
              ))}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}
