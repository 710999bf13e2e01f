// Export of a list (with the list's own filters and visibility) as CSV or XLSX, streamed from the
// database in keyset batches: the table is never held in memory.
import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { and, eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db } from "../../db/client.ts";
import { companies, deals, stages, tasks, workspaces } from "../../db/schema/index.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { visibleTo } from "../../platform/scope.ts";
import type { CompanyListQuery } from "../companies/companies.schemas.ts";
import type { ContactListQuery } from "../contacts/contacts.schemas.ts";
import { dealConditions } from "../deals/deals.list.ts";
import type { DealListQuery } from "../deals/deals.schemas.ts";
import type { TaskListQuery } from "../tasks/tasks.schemas.ts";
import { taskFilters } from "../tasks/tasks.service.ts";
import {
  batches,
  companiesPlan,
  contactsPlan,
  type Fetch,
  ids,
  LIMIT,
  memberNames,
  type When,
} from "./export.plans.ts";

export type ExportFormat = "csv" | "xlsx";

export type ExportRequest =
  | { entity: "contacts"; query: ContactListQuery }
  | { entity: "companies"; query: CompanyListQuery }
  | { entity: "deals"; query: DealListQuery }
  | { entity: "tasks"; query: TaskListQuery };

function dealsPlan(db: Db, actor: Actor, query: DealListQuery, when: When) {
  const filters = dealConditions(actor, query);
  const headers = ["ID", "Название", "Сумма", "Валюта", "Этап", "Статус", "Компания", "Ответственный"];
  const status = { open: "Открыта", won: "Выиграна", lost: "Проиграна" } as const;
  const fetch = batches(
    async (where, sortValue, orderBy) =>
      (
        await db
          .select({ r: deals, sortValue })
          .from(deals)
          .where(and(...filters, where))
          .orderBy(...orderBy)
          .limit(LIMIT)
      ).map((x) => ({ ...x.r, sortValue: x.sortValue })),
    { expr: deals.createdAt, cast: "timestamptz" },
    deals.id,
    async (rows) => {
      const stageIds = ids(rows.map((r) => r.stageId));
      const companyIds = ids(rows.map((r) => r.companyId));
      const [stageRows, companyRows, owners] = await Promise.all([
        stageIds.length
          ? db
              .select({ id: stages.id, name: stages.name })
              .from(stages)
              .where(and(eq(stages.workspaceId, actor.workspaceId), inArray(stages.id, stageIds)))
          : [],
        companyIds.length
          ? db
              .select({ id: companies.id, name: companies.name })
              .from(companies)
              .where(and(visibleTo(actor, companies), inArray(companies.id, companyIds)))
          : [],
        memberNames(
          db,
          actor,
          rows.map((r) => r.ownerId),
        ),
      ]);
      const stageName = new Map(stageRows.map((s) => [s.id, s.name]));
      const companyName = new Map(companyRows.map((c) => [c.id, c.name]));
      return rows.map((r) => [
        r.id,
        r.title,
        r.amountMinor / 100,
        r.currency,
        stageName.get(r.stageId) ?? null,
        status[r.status],
        companyName.get(r.companyId ?? "") ?? null,
        owners.get(r.ownerId ?? "") ?? null,
        r.expectedCloseDate,
        when(r.closedAt),
        when(r.createdAt),
      ]);
    },
  );
  return { headers: [...headers, "Ожидаемая дата закрытия", "Закрыта", "Создана"], fetch };
}

function tasksPlan(db: Db, actor: Actor, query: TaskListQuery, when: When) {
  const filters = taskFilters(actor, query);
  const fetch = batches(
    async (where, sortValue, orderBy) =>
      (
        await db
          .select({ r: tasks, sortValue })
          .from(tasks)
          .where(and(...filters, where))
          .orderBy(...orderBy)
          .limit(LIMIT)
      ).map((x) => ({ ...x.r, sortValue: x.sortValue })),
    { expr: tasks.createdAt, cast: "timestamptz" },
    tasks.id,
    async (rows) => {
      const assignees = await memberNames(
        db,
        actor,
        rows.map((r) => r.assigneeId),
      );
      return rows.map((r) => [
        r.id,
        r.title,
        r.description,
        when(r.dueAt),
        assignees.get(r.assigneeId ?? "") ?? null,
        r.doneAt ? "Выполнена" : "Открыта",
        when(r.doneAt),
        when(r.createdAt),
      ]);
    },
  );
  const headers = ["ID", "Задача", "Описание", "Срок", "Исполнитель", "Статус", "Выполнена", "Создана"];
  return { headers, fetch };
}

function plan(db: Db, actor: Actor, request: ExportRequest, when: When) {
  switch (request.entity) {
    case "contacts":
      return contactsPlan(db, actor, request.query, when);
    case "companies":
      return companiesPlan(db, actor, request.query, when);
    case "deals":
      return dealsPlan(db, actor, request.query, when);
    case "tasks":
      return tasksPlan(db, actor, request.query, when);
  }
}

/** Checks the permission, then returns a stream the rows are written into as they are read. */
export async function exportRecords(db: Db, actor: Actor, request: ExportRequest, format: ExportFormat) {
  authorize(actor, "records.export");
  const [workspace] = await db
    .select({ timezone: workspaces.timezone })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  const formatter = new Intl.DateTimeFormat("ru-RU", {
    timeZone: workspace?.timezone ?? "Europe/Moscow",
    dateStyle: "short",
    timeStyle: "short",
  });
  const when = (d: Date | null) => (d ? formatter.format(d) : "");
  const { headers, fetch } = plan(db, actor, request, when);
  const out = new PassThrough();
  const produce =
    format === "csv" ? writeCsv(out, headers, fetch) : writeXlsx(out, request.entity, headers, fetch);
  produce.catch((err: Error) => out.destroy(err));
  const stamp = new Date().toISOString().slice(0, 10);
  return { stream: out as Readable, fileName: `${request.entity}-${stamp}.${format}` };
}

async function writeCsv(out: PassThrough, headers: string[], fetch: Fetch) {
  // Excel in Russia: a BOM so it reads UTF-8, `;` because `,` is the decimal separator.
  const csv = stringify({ bom: true, delimiter: ";", header: true, columns: headers });
  csv.pipe(out);
  let cursor: string | undefined;
  do {
    const { rows, next } = await fetch(cursor);
    for (const row of rows) {
      if (out.destroyed) return;
      const cells = row.map((c) => (typeof c === "number" ? String(c).replace(".", ",") : c));
      if (!csv.write(cells)) await once(csv, "drain");
    }
    cursor = next ?? undefined;
  } while (cursor);
  csv.end();
}

async function writeXlsx(out: PassThrough, name: string, headers: string[], fetch: Fetch) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(headers).commit();
  let cursor: string | undefined;
  do {
    const { rows, next } = await fetch(cursor);
    for (const row of rows) sheet.addRow(row).commit();
    if (out.writableNeedDrain) await once(out, "drain");
    cursor = next ?? undefined;
  } while (cursor);
  sheet.commit();
  await workbook.commit();
}
