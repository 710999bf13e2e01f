import { and, eq, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import { companies, contacts, deals, tasks, workspaces } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Outbox } from "../../platform/outbox.ts";
import { keyset, page, type SortKey } from "../../platform/pagination.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { type Deps, diff, emit, requireMember, requireRows } from "../records/records.ts";
import type { TaskInput, TaskListQuery, TaskPatch } from "./tasks.schemas.ts";

type TaskRow = typeof tasks.$inferSelect;

/**
 * Tasks the actor may see: the role's visibility applied to the assignee (unassigned tasks are everyone's,
 * as unowned records are), and, below `all`, also every task the person created.
 */
export function taskVisibleTo(actor: Actor): SQL {
  const byAssignee = visibleTo(actor, { workspaceId: tasks.workspaceId, ownerId: tasks.assigneeId });
  if (actor.visibility === "all" || !actor.personId) return byAssignee;
  return and(inWorkspace(actor, tasks), or(byAssignee, eq(tasks.createdBy, actor.personId))) as SQL;
}

/** The records a task is attached to: every event carries them, so the timeline can file it there. */
const linksOf = (row: TaskRow) => ({
  contactId: row.contactId,
  companyId: row.companyId,
  dealId: row.dealId,
});

/** The task if the actor may see it, else 404 (another workspace's or an invisible one alike). */
export async function findTask(executor: Executor, actor: Actor, id: string, lock = false) {
  const query = executor
    .select()
    .from(tasks)
    .where(and(taskVisibleTo(actor), eq(tasks.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Task");
  return row;
}

export function getTask(db: Db, actor: Actor, id: string) {
  return findTask(db, actor, id);
}

/** The assignee must be a member; a linked record must be one the actor may see. 404 otherwise. */
async function checkReferences(tx: Tx, actor: Actor, input: TaskPatch) {
  await requireMember(tx, actor, input.assigneeId, "Assignee");
  await requireRows(tx, contacts, visibleTo(actor, contacts), [input.contactId], "Contact");
  await requireRows(tx, companies, visibleTo(actor, companies), [input.companyId], "Company");
  await requireRows(tx, deals, visibleTo(actor, deals), [input.dealId], "Deal");
}

export async function createTask({ db, outbox }: Deps, actor: Actor, input: TaskInput) {
  authorize(actor, "records.create");
  return db.transaction(async (tx) => {
    await checkReferences(tx, actor, input);
    const id = newId();
    const [row] = await tx
      .insert(tasks)
      .values({
        ...input,
        workspaceId: actor.workspaceId,
        id,
        assigneeId: input.assigneeId === undefined ? actor.personId : input.assigneeId,
        createdBy: actor.personId,
      })
      .returning();
    if (!row) throw notFound("Task");
    await emit(tx, outbox, actor, "task.created", { id, ...linksOf(row), record: row });
    return row;
  });
}

/**
 * In the caller's transaction: applies `change` to a visible task and emits `topic` with the diff; when
 * `change` gives nothing, or nothing differs, writes and emits nothing. Returns the row as written:
 * re-reading it could 404 once the task is handed to someone the actor may not see.
 */
async function changeTask(
  tx: Tx,
  outbox: Outbox,
  actor: Actor,
  id: string,
  topic: string,
  change: (before: TaskRow) => TaskPatch | { doneAt: Date | null } | null,
) {
  const before = await findTask(tx, actor, id, true);
  const set = change(before);
  if (!set) return before;
  const [after] = await tx
    .update(tasks)
    .set({ ...set, updatedAt: new Date() })
    .where(and(inWorkspace(actor, tasks), eq(tasks.id, id)))
    .returning();
  if (!after) throw notFound("Task");
  const changes = diff(before, after);
  if (Object.keys(changes).length > 0) {
    await emit(tx, outbox, actor, topic, { id, ...linksOf(after), changes });
  }
  return after;
}

export async function updateTask({ db, outbox }: Deps, actor: Actor, id: string, input: TaskPatch) {
  authorize(actor, "records.update");
  return db.transaction(async (tx) => {
    await findTask(tx, actor, id, true);
    await checkReferences(tx, actor, input);
    return changeTask(tx, outbox, actor, id, "task.updated", () => input);
  });
}

/** Marks the task done now; completing a done task changes nothing. */
export async function completeTask({ db, outbox }: Deps, actor: Actor, id: string) {
  authorize(actor, "records.update");
  return db.transaction((tx) =>
    changeTask(tx, outbox, actor, id, "task.completed", (before) =>
      before.doneAt ? null : { doneAt: new Date() },
    ),
  );
}

/** Opens a done task again; reopening an open task changes nothing. */
export async function reopenTask({ db, outbox }: Deps, actor: Actor, id: string) {
  authorize(actor, "records.update");
  return db.transaction((tx) =>
    changeTask(tx, outbox, actor, id, "task.reopened", (before) => (before.doneAt ? { doneAt: null } : null)),
  );
}

export async function deleteTask({ db, outbox }: Deps, actor: Actor, id: string) {
  authorize(actor, "records.delete");
  await db.transaction(async (tx) => {
    const row = await findTask(tx, actor, id, true);
    await tx.delete(tasks).where(and(inWorkspace(actor, tasks), eq(tasks.id, id)));
    await emit(tx, outbox, actor, "task.deleted", { id, ...linksOf(row), record: row });
  });
}

// Tasks without a due date sort after every dated one, and keyset pagination never meets a null.
const DUE: SortKey = { expr: sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`, cast: "timestamptz" };

/** The workspace's day, in SQL: local midnight today and tomorrow in workspaces.timezone, as timestamptz. */
function workspaceDay(actor: Actor) {
  const tz = sql`(select ${workspaces.timezone} from ${workspaces} where ${workspaces.id} = ${actor.workspaceId})`;
  const midnight = sql`date_trunc('day', now() at time zone ${tz})`;
  return {
    start: sql`(${midnight} at time zone ${tz})`,
    end: sql`((${midnight} + interval '1 day') at time zone ${tz})`,
  };
}

/** The conditions of a list query: visibility first, then the caller's filters. */
export function taskFilters(actor: Actor, q: Omit<TaskListQuery, "limit" | "cursor" | "order">): SQL[] {
  const day = workspaceDay(actor);
  const open = isNull(tasks.doneAt);
  const views: Record<NonNullable<TaskListQuery["view"]>, SQL[]> = {
    today: [sql`${tasks.dueAt} >= ${day.start}`, sql`${tasks.dueAt} < ${day.end}`],
    overdue: [open, sql`${tasks.dueAt} < now()`],
    upcoming: [open, sql`${tasks.dueAt} >= ${day.end}`],
  };
  return [
    taskVisibleTo(actor),
    ...(q.assigneeId ? [eq(tasks.assigneeId, q.assigneeId)] : []),
    ...(q.contactId ? [eq(tasks.contactId, q.contactId)] : []),
    ...(q.companyId ? [eq(tasks.companyId, q.companyId)] : []),
    ...(q.dealId ? [eq(tasks.dealId, q.dealId)] : []),
    ...(q.status === "open" ? [open] : q.status === "done" ? [isNotNull(tasks.doneAt)] : []),
    ...(q.view ? views[q.view] : []),
  ];
}

export async function listTasks(db: Db, actor: Actor, q: TaskListQuery) {
  const { where, orderBy, sortValue } = keyset(DUE, tasks.id, q.order, q.cursor);
  const rows = await db
    .select({ task: tasks, sortValue })
    .from(tasks)
    .where(and(...taskFilters(actor, q), where))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  return page(
    rows.map((r) => ({ ...r.task, sortValue: r.sortValue })),
    q.limit,
  );
}
