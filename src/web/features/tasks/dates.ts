// Calendar arithmetic for tasks in the browser's local time: weeks start on Monday (as in Russia), a
// task belongs to the local day of its due moment, and the quick "reschedule" choices managers use.

const DAY_MS = 86_400_000;
/** The time a quick choice gives a task that had no due time of its own. */
export const DEFAULT_HOUR = 10;

const pad = (n: number) => String(n).padStart(2, "0");

/** The local calendar day of a moment, as YYYY-MM-DD (the key days are grouped by). */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of the day `date` falls on. */
export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** The same local time `days` calendar days later (safe across daylight-saving changes). */
export function addDays(date: Date, days: number): Date {
  const out = new Date(date);
  out.setDate(out.getDate() + days);
  return out;
}

/** Local midnight of the Monday of the week `date` falls in. */
export function startOfWeek(date: Date): Date {
  const day = startOfDay(date);
  const sinceMonday = (day.getDay() + 6) % 7;
  return addDays(day, -sinceMonday);
}

/** The seven local midnights Monday…Sunday of the week starting at `weekStart`. */
export function weekDays(weekStart: Date): Date[] {
  return Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
}

export interface Dated {
  dueAt: string | null;
}

/**
 * The week's tasks by local day: seven lists Monday…Sunday, each sorted by due time. Tasks without a due
 * date or due outside the week are left out.
 */
export function bucketByDay<T extends Dated>(tasks: T[], weekStart: Date): T[][] {
  const days = weekDays(weekStart);
  const index = new Map(days.map((d, i) => [dayKey(d), i]));
  const buckets: T[][] = days.map(() => []);
  for (const task of tasks) {
    if (!task.dueAt) continue;
    const i = index.get(dayKey(new Date(task.dueAt)));
    if (i !== undefined) buckets[i]?.push(task);
  }
  for (const bucket of buckets) {
    bucket.sort((a, b) => Date.parse(a.dueAt ?? "") - Date.parse(b.dueAt ?? ""));
  }
  return buckets;
}

/** The first moment after the week starting at `weekStart` (next Monday's local midnight). */
export const weekEnd = (weekStart: Date) => addDays(weekStart, 7);

/** Whether an open task's due moment has passed. */
export function isOverdue(
  task: { dueAt: string | null; doneAt: string | null },
  now: Date = new Date(),
): boolean {
  return !task.doneAt && task.dueAt !== null && Date.parse(task.dueAt) < now.getTime();
}

export type QuickDue = "tomorrow" | "nextWeek";
export const QUICK_DUES: QuickDue[] = ["tomorrow", "nextWeek"];

/**
 * A quick reschedule: "tomorrow" is the next day, "nextWeek" the Monday of next week; both keep the
 * task's own time of day, or 10:00 when it had no due date.
 */
export function quickDue(choice: QuickDue, current: string | null, now: Date = new Date()): Date {
  const day = choice === "tomorrow" ? addDays(startOfDay(now), 1) : addDays(startOfWeek(now), 7);
  const time = current ? new Date(current) : null;
  day.setHours(time ? time.getHours() : DEFAULT_HOUR, time ? time.getMinutes() : 0, 0, 0);
  return day;
}

/** Mantine's picker value ("YYYY-MM-DD HH:mm:ss", local time) from an API moment. */
export function toPickerValue(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return `${dayKey(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** An API moment (ISO 8601 in UTC, "…Z") from Mantine's local picker value; null for an empty one. */
export function fromPickerValue(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/);
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Whole days from local midnight of `a` to local midnight of `b` (for "today", "tomorrow" labels). */
export function daysBetween(a: Date, b: Date): number {
  return Math.round((startOfDay(b).getTime() - startOfDay(a).getTime()) / DAY_MS);
}
