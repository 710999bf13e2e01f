import { describe, expect, it } from "vitest";
import type { Task } from "./api/types.ts";
import { sortTasks } from "./tasks.ts";

const task = (id: string, dueAt: string | null, doneAt: string | null = null): Task => ({
  id,
  title: id,
  description: null,
  dueAt,
  assigneeId: null,
  contactId: null,
  companyId: null,
  dealId: "d",
  doneAt,
  createdBy: null,
  createdAt: "2026-11-01T00:00:00Z",
  updatedAt: "2026-11-01T00:00:00Z",
});

describe("sortTasks", () => {
  it("lists open tasks soonest first, undated after them, then done ones latest first", () => {
    const sorted = sortTasks([
      task("done-old", null, "2026-11-02T00:00:00Z"),
      task("undated", null),
      task("later", "2026-12-01T10:00:00Z"),
      task("done-new", null, "2026-11-20T00:00:00Z"),
      task("soon", "2026-11-26T10:00:00Z"),
    ]);
    expect(sorted.map((t) => t.id)).toEqual(["soon", "later", "undated", "done-new", "done-old"]);
  });
});
