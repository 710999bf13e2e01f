import { z } from "zod";
import { ref, taskFields, taskInput } from "../../../common/tasks.ts";
import { pageQuery } from "../../platform/pagination.ts";

export { taskFields, taskInput };
export type TaskInput = z.infer<typeof taskInput>;

/** A change: any field of a task; `doneAt` moves only through complete and reopen. */
export const taskPatch = z.object(taskFields).partial();
export type TaskPatch = z.infer<typeof taskPatch>;

export const taskSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    dueAt: z.date().nullable(),
    assigneeId: z.string().nullable(),
    contactId: z.string().nullable(),
    companyId: z.string().nullable(),
    dealId: z.string().nullable(),
    doneAt: z.date().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Task" });

/**
 * List filters. `view`: `today` — due within the current day in the workspace's time zone; `overdue` —
 * open and due before now; `upcoming` — open and due after the end of today.
 */
export const taskListQuery = pageQuery.extend({
  // Soonest due first; tasks without a due date come last.
  order: z.enum(["asc", "desc"]).default("asc"),
  assigneeId: ref.optional(),
  contactId: ref.optional(),
  companyId: ref.optional(),
  dealId: ref.optional(),
  status: z.enum(["open", "done"]).optional(),
  view: z.enum(["today", "overdue", "upcoming"]).optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;
