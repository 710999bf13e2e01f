import { z } from "zod";
import { pageQuery } from "../../platform/pagination.ts";
import { optionalText } from "../records/records.ts";

const ref = z.string().min(1).max(64);

const taskFields = {
  title: z.string().trim().min(1).max(500),
  description: optionalText(20000),
  /** ISO 8601 with an offset or Z, e.g. 2025-03-01T18:00:00+03:00; null clears it. */
  dueAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .nullish(),
  /** A member of the workspace; on create, the caller when absent; null leaves the task unassigned. */
  assigneeId: ref.nullish(),
  contactId: ref.nullish(),
  companyId: ref.nullish(),
  dealId: ref.nullish(),
};

export const taskInput = z.object(taskFields);
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
