// One task: done checkbox, title, due moment (relative and exact, red when overdue), assignee, the
// records it belongs to, and its menu. `compact` is the calendar's smaller card.
import { Checkbox, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconClock, IconUser } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useMembers, useSession } from "../../../lib/session.ts";
import type { Task } from "../api/tasks.ts";
import { useTaskActions } from "../api/useTaskActions.ts";
import { isOverdue } from "../dates.ts";
import { memberName } from "./AssigneeSelect.tsx";
import { LinkedRecords } from "./LinkedRecords.tsx";
import { TaskMenu } from "./TaskMenu.tsx";

interface TaskRowProps {
  task: Task;
  onEdit: (task: Task) => void;
  compact?: boolean;
}

function Due({ task, compact }: { task: Task; compact: boolean }) {
  const { t, i18n } = useTranslation("tasks");
  if (!task.dueAt) {
    return (
      <Text size="xs" c="dimmed">
        {t("row.noDue")}
      </Text>
    );
  }
  const overdue = isOverdue(task);
  const exact = formatDateTime(task.dueAt, i18n.language);
  const time = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "ru-RU", {
    timeStyle: "short",
  }).format(new Date(task.dueAt));
  return (
    <Tooltip label={exact} withinPortal>
      <Group gap={4} wrap="nowrap" c={overdue ? "red" : "dimmed"} data-overdue={overdue || undefined}>
        <IconClock size={14} aria-hidden />
        <Text size="xs" c={overdue ? "red" : "dimmed"} fw={overdue ? 600 : undefined}>
          {compact ? time : `${formatRelative(task.dueAt, i18n.language)} · ${exact}`}
          {overdue && !compact ? ` · ${t("row.overdue")}` : ""}
        </Text>
      </Group>
    </Tooltip>
  );
}

export function TaskRow({ task, onEdit, compact = false }: TaskRowProps) {
  const { t, i18n } = useTranslation("tasks");
  const { can } = useSession();
  const members = useMembers();
  const actions = useTaskActions();
  const assignee = members.data?.find((m) => m.userId === task.assigneeId);
  const done = task.doneAt !== null;
  const checkbox = (
    <Checkbox
      mt={2}
      size={compact ? "xs" : "sm"}
      checked={done}
      disabled={actions.isBusy(task.id) || !can("records.update")}
      onChange={() => void actions.toggleDone(task)}
      aria-label={done ? t("row.reopen", { title: task.title }) : t("row.complete", { title: task.title })}
      data-testid={`task-complete-${task.id}`}
    />
  );
  const title = (
    <Text
      size="sm"
      fw={500}
      td={done ? "line-through" : undefined}
      c={done ? "dimmed" : undefined}
      lineClamp={compact ? 3 : undefined}
      style={{ flex: 1, minWidth: 0, overflowWrap: "break-word", hyphens: "auto" }}
      lang={i18n.language}
    >
      {task.title}
    </Text>
  );
  const menu = <TaskMenu task={task} actions={actions} onEdit={onEdit} />;
  return (
    <Paper
      withBorder
      p={compact ? 6 : "sm"}
      radius="md"
      data-testid={`task-row-${task.id}`}
      data-done={done || undefined}
      style={isOverdue(task) ? { borderLeft: "3px solid var(--mantine-color-red-6)" } : undefined}
    >
      {compact ? (
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            {checkbox}
            {title}
          </Group>
          <Group gap={2} justify="space-between" wrap="nowrap">
            <Due task={task} compact />
            {menu}
          </Group>
        </Stack>
      ) : (
        <Group gap="sm" wrap="nowrap" align="flex-start">
          {checkbox}
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            {title}
            <Group gap="sm" wrap="wrap">
              <Due task={task} compact={false} />
              <Group gap={4} wrap="nowrap">
                <IconUser size={14} aria-hidden />
                <Text size="xs" c="dimmed">
                  {assignee ? memberName(assignee) : task.assigneeId ? t("row.someone") : t("fields.nobody")}
                </Text>
              </Group>
            </Group>
            <LinkedRecords task={task} />
          </Stack>
          {menu}
        </Group>
      )}
    </Paper>
  );
}
