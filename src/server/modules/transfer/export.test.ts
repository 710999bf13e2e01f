import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { signUp } from "../../../../test/support/auth.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { contacts } from "../../db/schema/index.ts";

describe("exports", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  it("exports contacts as CSV for Excel: BOM, `;`, Russian headers, the list's visibility", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "manager");
    const patched = await call(w.owner, "PATCH", `/api/workspaces/${w.workspaceId}`, {
      visibility: { manager: "own" },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const mine = await call(w.colleague, "POST", "/api/contacts", {
      firstName: "Мой",
      lastName: "Клиент",
      phones: [{ number: "+7 916 123-45-67" }],
    });
    expect(mine.statusCode, mine.body).toBe(201);
    await call(w.owner, "POST", "/api/contacts", { firstName: "Чужой" });

    const res = await call(w.colleague, "GET", "/api/export/contacts");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="contacts-.*\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(res.rawPayload, { delimiter: ";", bom: true });
    expect(rows[0]?.slice(0, 5)).toEqual(["ID", "Фамилия", "Имя", "Отчество", "Телефон"]);
    expect(rows.slice(1).map((r) => r[2])).toEqual(["Мой"]);
    expect(rows[1]?.[4]).toBe("+79161234567");

    const all: string[][] = parse((await call(w.owner, "GET", "/api/export/contacts")).rawPayload, {
      delimiter: ";",
      bom: true,
    });
    expect(
      all
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(["Мой", "Чужой"]);
    // The list's filters apply too.
    const filtered: string[][] = parse(
      (await call(w.owner, "GET", `/api/export/contacts?ownerId=${w.ownerId}`)).rawPayload,
      { delimiter: ";", bom: true },
    );
    expect(filtered.slice(1).map((r) => r[2])).toEqual(["Чужой"]);
  });

  it("exports deals as XLSX", async () => {
    const s = await signUp(t.app);
    for (let i = 0; i < 3; i++) {
      await call(s, "POST", "/api/deals", { title: `Сделка ${i}`, amountMinor: 150050 });
    }
    const res = await call(s, "GET", "/api/export/deals?format=xlsx");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      "ID",
      "Название",
      "Сумма",
      "Валюта",
      "Этап",
      "Статус",
      "Компания",
      "Ответственный",
      "Ожидаемая дата закрытия",
      "Закрыта",
      "Создана",
    ]);
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(2).getCell(3).value).toBe(1500.5);
  });

  it("streams a long list in keyset batches, every row once", async () => {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    const rows = Array.from({ length: 2100 }, (_, i) => ({ workspaceId, id: `c${i}`, firstName: `К${i}` }));
    await t.database.db.insert(contacts).values(rows);
    const res = await call(s, "GET", "/api/export/contacts");
    const exported: string[][] = parse(res.rawPayload, { delimiter: ";", bom: true });
    expect(exported).toHaveLength(2101);
    expect(new Set(exported.slice(1).map((r) => r[0])).size).toBe(2100);
  });

  it("exports companies and tasks, and refuses a member without records.export", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    await call(w.owner, "POST", "/api/companies", { name: "ООО Ромашка", inn: "7707083893" });
    await call(w.owner, "POST", "/api/tasks", { title: "Позвонить" });
    const companies: string[][] = parse((await call(w.owner, "GET", "/api/export/companies")).rawPayload, {
      delimiter: ";",
      bom: true,
    });
    expect(companies[1]?.slice(1, 2)).toEqual(["ООО Ромашка"]);
    expect(companies[1]?.[4]).toBe("7707083893");
    const tasks: string[][] = parse((await call(w.owner, "GET", "/api/export/tasks")).rawPayload, {
      delimiter: ";",
      bom: true,
    });
    expect(tasks[1]?.[1]).toBe("Позвонить");
    for (const entity of ["contacts", "companies", "deals", "tasks"]) {
      const res = await call(w.colleague, "GET", `/api/export/${entity}`);
      expect(res.statusCode, entity).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
  });
});
