import { describe, expect, it } from "vitest";
import {
  bucketByDay,
  dayKey,
  fromPickerValue,
  isOverdue,
  quickDue,
  startOfWeek,
  toPickerValue,
  weekDays,
  weekEnd,
} from "./dates.ts";
import { emptyTaskForm, taskFormErrors, toTaskBody } from "./form.ts";

// Local times throughout: the functions work in the browser's time zone, whatever the test machine's is.
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const task = (id: string, due: Date | null) => ({ id, dueAt: due ? due.toISOString() : null });

describe("weeks", () => {
  it("start on Monday, whatever the day", () => {
    // 2026-11-25 is a Wednesday; 2026-11-29 a Sunday; 2026-11-23 a Monday.
    expect(dayKey(startOfWeek(local(2026, 11, 25, 15)))).toBe("2026-11-23");
    expect(dayKey(startOfWeek(local(2026, 11, 29, 23, 59)))).toBe("2026-11-23");
    expect(dayKey(startOfWeek(local(2026, 11, 23, 0, 0)))).toBe("2026-11-23");
    expect(startOfWeek(local(2026, 11, 25)).getHours()).toBe(0);
  });

  it("have seven days Monday to Sunday, across a month end", () => {
    const days = weekDays(startOfWeek(local(2026, 12, 1)));
    expect(days.map(dayKey)).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(dayKey(weekEnd(days[0] as Date))).toBe("2026-12-07");
  });

  it("put each task on the local day it is due, sorted by time, leaving others out", () => {
    const monday = startOfWeek(local(2026, 11, 25));
    const buckets = bucketByDay(
      [
        task("late-monday", local(2026, 11, 23, 18)),
        task("early-monday", local(2026, 11, 23, 0, 0)),
        task("sunday-night", local(2026, 11, 29, 23, 59)),
        task("next-monday", local(2026, 11, 30, 0, 0)),
        task("last-sunday", local(2026, 11, 22, 23, 59)),
        task("undated", null),
      ],
      monday,
    );
    expect(buckets).toHaveLength(7);
    expect(buckets[0]?.map((t) => t.id)).toEqual(["early-monday", "late-monday"]);
    expect(buckets[6]?.map((t) => t.id)).toEqual(["sunday-night"]);
    expect(buckets.flat()).toHaveLength(3);
  });
});

describe("due dates", () => {
  const now = local(2026, 11, 25, 15, 30); // Wednesday

  it("are overdue only when open and in the past", () => {
    const past = local(2026, 11, 25, 15, 0).toISOString();
    expect(isOverdue({ dueAt: past, doneAt: null }, now)).toBe(true);
    expect(isOverdue({ dueAt: past, doneAt: now.toISOString() }, now)).toBe(false);
    expect(isOverdue({ dueAt: local(2026, 11, 25, 16).toISOString(), doneAt: null }, now)).toBe(false);
    expect(isOverdue({ dueAt: null, doneAt: null }, now)).toBe(false);
  });

  it("move to tomorrow or next Monday, keeping the task's time of day", () => {
    const due = local(2026, 11, 20, 14, 45).toISOString();
    expect(quickDue("tomorrow", due, now)).toEqual(local(2026, 11, 26, 14, 45));
    expect(quickDue("nextWeek", due, now)).toEqual(local(2026, 11, 30, 14, 45));
  });

  it("get 10:00 when the task had no time", () => {
    expect(quickDue("tomorrow", null, now)).toEqual(local(2026, 11, 26, 10, 0));
    // From a Sunday, next week starts the next day.
    expect(quickDue("nextWeek", null, local(2026, 11, 29, 20))).toEqual(local(2026, 11, 30, 10, 0));
  });

  it("round-trip between the picker's local text and the API's ISO moment", () => {
    const iso = fromPickerValue("2026-11-25 18:30:00");
    expect(iso).toBe(local(2026, 11, 25, 18, 30).toISOString());
    expect(toPickerValue(iso)).toBe("2026-11-25 18:30:00");
    expect(fromPickerValue("2026-11-25")).toBe(local(2026, 11, 25).toISOString());
    expect(fromPickerValue("")).toBeNull();
    expect(fromPickerValue("25.11.2026")).toBeNull();
    expect(toPickerValue(null)).toBeNull();
  });
});

describe("the task form", () => {
  it("sends trimmed text, an ISO due moment the shared schema accepts, and nulls for blanks", () => {
    const body = toTaskBody({
      title: "  Позвонить  ",
      description: " ",
      dueAt: "2026-11-25 18:30:00",
      assigneeId: "",
    });
    expect(body).toEqual({
      title: "Позвонить",
      description: null,
      dueAt: local(2026, 11, 25, 18, 30).toISOString(),
      assigneeId: null,
    });
    expect(
      taskFormErrors({ ...emptyTaskForm("u1"), title: "Позвонить", dueAt: "2026-11-25 18:30:00" }),
    ).toEqual({});
  });

  it("reports a missing or too long title by the shared schema", () => {
    expect(taskFormErrors(emptyTaskForm(null))).toEqual({ title: "required" });
    expect(taskFormErrors({ ...emptyTaskForm(null), title: "x".repeat(501) })).toEqual({ title: "tooLong" });
  });
});
