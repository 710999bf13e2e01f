// Tasks over the API: the tab lists (today / overdue / upcoming / all open), the week, and every change.
import { type QueryClient, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { del, get, patch, post } from "../../../lib/api.ts";
import { weekEnd } from "../dates.ts";
import type { TaskBody } from "../form.ts";

export interface Task {
  id: string;
  title: string;
  description: string | null;
  dueAt: string | null;
  assigneeId: string | null;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  doneAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The tabs of the list; `open` is every open task (the only place tasks without a due date show). */
export type TaskView = "today" | "overdue" | "upcoming" | "open";

export interface TaskListFilter {
  view: TaskView;
  /** Only this person's tasks; undefined for every task the caller may see. */
  assigneeId?: string | undefined;
}

const PAGE = 50;
/** The week view reads tasks soonest first in pages this big, up to this many pages. */
const WEEK_PAGE = 200;
const WEEK_MAX_PAGES = 10;

export const taskKeys = {
  all: ["tasks"] as const,
  list: (f: TaskListFilter) => ["tasks", "list", f] as const,
  week: (weekStart: string, assigneeId: string | undefined) =>
    ["tasks", "week", weekStart, assigneeId] as const,
  link: (kind: string, id: string) => ["task-links", kind, id] as const,
};

function listQuery(f: TaskListFilter) {
  return f.view === "open"
    ? { status: "open", assigneeId: f.assigneeId }
    : { view: f.view, assigneeId: f.assigneeId };
}

export function useTaskList(f: TaskListFilter) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(f),
    queryFn: ({ pageParam }) =>
      get<Page<Task>>("/api/tasks", { ...listQuery(f), limit: PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * Every task due in the week starting at `weekStart` (open and done). The list API has no date-range
 * filter, so this reads soonest-first pages until it passes the week's end.
 */
async function fetchWeek(weekStart: Date, assigneeId: string | undefined): Promise<Task[]> {
  const from = weekStart.getTime();
  const to = weekEnd(weekStart).getTime();
  const out: Task[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < WEEK_MAX_PAGES; i++) {
    const page = await get<Page<Task>>("/api/tasks", { order: "asc", limit: WEEK_PAGE, assigneeId, cursor });
    for (const task of page.items) {
      const due = task.dueAt ? Date.parse(task.dueAt) : Number.POSITIVE_INFINITY;
      if (due >= from && due < to) out.push(task);
    }
    const last = page.items.at(-1);
    const lastDue = last?.dueAt ? Date.parse(last.dueAt) : Number.POSITIVE_INFINITY;
    if (!page.nextCursor || lastDue >= to) break;
    cursor = page.nextCursor;
  }
  return out;
}

export function useWeekTasks(weekStart: Date, assigneeId: string | undefined) {
  return useQuery({
    queryKey: taskKeys.week(weekStart.toISOString(), assigneeId),
    queryFn: () => fetchWeek(weekStart, assigneeId),
  });
}

export const createTask = (body: TaskBody) => post<Task>("/api/tasks", body);
export const updateTask = (id: string, body: Partial<TaskBody>) => patch<Task>(`/api/tasks/${id}`, body);
export const completeTask = (id: string) => post<Task>(`/api/tasks/${id}/complete`);
export const reopenTask = (id: string) => post<Task>(`/api/tasks/${id}/reopen`);
export const deleteTask = (id: string) => del(`/api/tasks/${id}`);

/** Refreshes every task list (here and on record pages that list tasks under the same prefix). */
export const refreshTasks = (client: QueryClient) => client.invalidateQueries({ queryKey: taskKeys.all });
