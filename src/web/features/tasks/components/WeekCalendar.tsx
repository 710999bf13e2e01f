// The week: seven day columns Monday…Sunday with the tasks due on each; on a narrow screen a list of days.
import { ActionIcon, Button, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconChevronLeft, IconChevronRight, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../../components/QueryState.tsx";
import { localeOf } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import { type Task, useWeekTasks } from "../api/tasks.ts";
import {
  addDays,
  bucketByDay,
  DEFAULT_HOUR,
  dayKey,
  startOfWeek,
  toPickerValue,
  weekDays,
} from "../dates.ts";
import { TaskRow } from "./TaskRow.tsx";

interface WeekCalendarProps {
  assigneeId: string | undefined;
  onEdit: (task: Task) => void;
  /** Opens the create dialog with a due moment on the chosen day (picker format). */
  onCreate: (due: string) => void;
}

/** "Пн, 23 нояб." — the weekday capitalised, as a calendar heading. */
function dayLabel(day: Date, locale: string) {
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "short" }).format(day);
  const date = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" }).format(day);
  return `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}, ${date}`;
}

function DayHeading({ day, count }: { day: Date; count: number }) {
  const { i18n, t } = useTranslation("tasks");
  const locale = localeOf(i18n.language);
  const today = dayKey(day) === dayKey(new Date());
  return (
    <Group gap={6} wrap="nowrap" justify="space-between">
      <Text size="sm" fw={today ? 700 : 500} c={today ? "orange" : undefined}>
        {dayLabel(day, locale)}
      </Text>
      {count > 0 && (
        <Text size="xs" c="dimmed" aria-label={t("week.count", { count })}>
          {count}
        </Text>
      )}
    </Group>
  );
}

export function WeekCalendar({ assigneeId, onEdit, onCreate }: WeekCalendarProps) {
  const { t, i18n } = useTranslation("tasks");
  const { can } = useSession();
  const wide = useMediaQuery("(min-width: 75em)", true);
  const [weekStart, setWeekStart] = useState(() => startOfWeek(new Date()));
  const query = useWeekTasks(weekStart, assigneeId);
  const days = weekDays(weekStart);
  const range = new Intl.DateTimeFormat(localeOf(i18n.language), { day: "numeric", month: "long" });
  const newOn = (day: Date) => {
    const due = new Date(day);
    due.setHours(DEFAULT_HOUR, 0, 0, 0);
    onCreate(toPickerValue(due.toISOString()) ?? "");
  };
  const addButton = (day: Date) =>
    can("records.create") && (
      <ActionIcon
        variant="subtle"
        size="sm"
        onClick={() => newOn(day)}
        aria-label={t("week.addOn", { day: range.format(day) })}
      >
        <IconPlus size={14} />
      </ActionIcon>
    );

  return (
    <Stack gap="sm" data-testid="tasks-week">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <ActionIcon
            variant="default"
            onClick={() => setWeekStart((w) => addDays(w, -7))}
            aria-label={t("week.prev")}
            data-testid="tasks-week-prev"
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
          <ActionIcon
            variant="default"
            onClick={() => setWeekStart((w) => addDays(w, 7))}
            aria-label={t("week.next")}
            data-testid="tasks-week-next"
          >
            <IconChevronRight size={16} />
          </ActionIcon>
          <Button variant="subtle" size="xs" onClick={() => setWeekStart(startOfWeek(new Date()))}>
            {t("week.thisWeek")}
          </Button>
        </Group>
        <Text fw={500} data-testid="tasks-week-range">
          {range.format(days[0] ?? weekStart)} — {range.format(days[6] ?? weekStart)}
        </Text>
      </Group>
      <QueryState query={query}>
        {(tasks) => {
          const buckets = bucketByDay(tasks, weekStart);
          return wide ? (
            <SimpleGrid cols={7} spacing="xs">
              {days.map((day, i) => (
                <Paper
                  key={dayKey(day)}
                  withBorder
                  p={6}
                  radius="md"
                  bg="var(--mantine-color-gray-0)"
                  mih={160}
                  data-testid={`tasks-day-${dayKey(day)}`}
                >
                  <Stack gap={6}>
                    <Group gap={2} justify="space-between" wrap="nowrap">
                      <DayHeading day={day} count={buckets[i]?.length ?? 0} />
                      {addButton(day)}
                    </Group>
                    {buckets[i]?.map((task) => (
                      <TaskRow key={task.id} task={task} onEdit={onEdit} compact />
                    ))}
                  </Stack>
                </Paper>
              ))}
            </SimpleGrid>
          ) : (
            <Stack gap="md">
              {days.map((day, i) => (
                <Stack key={dayKey(day)} gap={6} data-testid={`tasks-day-${dayKey(day)}`}>
                  <Group justify="space-between" wrap="nowrap">
                    <DayHeading day={day} count={buckets[i]?.length ?? 0} />
                    {addButton(day)}
                  </Group>
                  {buckets[i]?.length ? (
                    buckets[i].map((task) => <TaskRow key={task.id} task={task} onEdit={onEdit} />)
                  ) : (
                    <Text size="xs" c="dimmed">
                      {t("week.free")}
                    </Text>
                  )}
                </Stack>
              ))}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
