// Tasks: today, overdue, upcoming and all open ones as lists, and the week as a calendar; mine or
// everyone's I may see. Changes by anyone show up live.
import { Button, SegmentedControl, Stack, Tabs } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { useLiveEvents } from "../../../lib/live.ts";
import { useSession } from "../../../lib/session.ts";
import { refreshTasks, type Task, type TaskView } from "../api/tasks.ts";
import { TaskFormModal } from "../components/TaskFormModal.tsx";
import { TaskList } from "../components/TaskList.tsx";
import { WeekCalendar } from "../components/WeekCalendar.tsx";

type Tab = TaskView | "week";
const TABS: Tab[] = ["today", "overdue", "upcoming", "open", "week"];
const isTab = (v: string | null): v is Tab => TABS.includes(v as Tab);

export default function TasksPage() {
  const { t } = useTranslation("tasks");
  const { user, can } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get("tab");
  const tab: Tab = isTab(tabParam) ? tabParam : "today";
  const whose = params.get("whose") === "all" ? "all" : "mine";
  const assigneeId = whose === "mine" ? user.id : undefined;
  const [form, setForm] = useState<{ task: Task | null; due: string | null } | null>(null);

  useLiveEvents(["task."], () => void refreshTasks(client));

  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const edit = (task: Task) => setForm({ task, due: null });

  return (
    <Stack gap="md">
      <PageHeader title={t("title")}>
        <SegmentedControl
          size="xs"
          value={whose}
          onChange={(v) => setParam("whose", v)}
          data={[
            { value: "mine", label: t("whose.mine") },
            { value: "all", label: t("whose.all") },
          ]}
          aria-label={t("whose.label")}
          data-testid="tasks-whose"
        />
        {can("records.create") && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setForm({ task: null, due: null })}
            data-testid="task-create-open"
          >
            {t("create")}
          </Button>
        )}
      </PageHeader>
      <Tabs value={tab} onChange={(v) => isTab(v) && setParam("tab", v)} keepMounted={false}>
        <Tabs.List style={{ flexWrap: "nowrap", overflowX: "auto" }}>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key} data-testid={`tasks-tab-${key}`}>
              {t(`tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((key) => (
          <Tabs.Panel key={key} value={key} pt="md">
            {key === "week" ? (
              <WeekCalendar
                assigneeId={assigneeId}
                onEdit={edit}
                onCreate={(due) => setForm({ task: null, due })}
              />
            ) : (
              <TaskList filter={{ view: key, assigneeId }} onEdit={edit} />
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
      <TaskFormModal
        opened={form !== null}
        onClose={() => setForm(null)}
        task={form?.task ?? null}
        initialDue={form?.due ?? null}
      />
    </Stack>
  );
}
