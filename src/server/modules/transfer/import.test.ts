import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { and, count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { caller, meOf } from "../../../../test/support/workspace.ts";
import { contacts } from "../../db/schema/index.ts";
import { uploader } from "./test-helpers.ts";

type Call = ReturnType<typeof caller>;

/** Uploads, optionally maps, starts and waits for the import to end; returns the final state. */
async function runImport(
  t: TestApp,
  who: Session,
  entity: string,
  name: string,
  content: Buffer,
  settings?: { mapping?: Record<string, string>; duplicatePolicy?: string },
) {
  const call = caller(t.app);
  const uploaded = await uploader(t.app)(who, entity, name, content);
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const id = uploaded.json().id as string;
  if (settings) {
    const mapping = settings.mapping ?? uploaded.json().guessedMapping;
    const put = await call(who, "PUT", `/api/imports/${id}`, { ...settings, mapping });
    expect(put.statusCode, put.body).toBe(200);
  }
  expect((await call(who, "POST", `/api/imports/${id}/start`)).statusCode).toBe(202);
  const done = await waitFor(async () => {
    const state = (await call(who, "GET", `/api/imports/${id}`)).json();
    return ["done", "failed", "cancelled"].includes(state.status) ? state : null;
  }, `import ${id}`);
  return { upload: uploaded.json(), done };
}

const names = async (call: Call, who: Session) =>
  (await call(who, "GET", "/api/contacts?limit=200"))
    .json()
    .items.map((c: { lastName: string | null; firstName: string | null }) =>
      [c.lastName, c.firstName].filter(Boolean).join(" "),
    )
    .sort();

function bigCsv(rows: number, badEvery: number) {
  const lines = ["Имя;Телефон"];
  for (let i = 1; i <= rows; i++) {
    lines.push(`Клиент ${i};${i % badEvery === 0 ? `плохой-${i}` : `+7 916 ${String(i).padStart(7, "0")}`}`);
  }
  return Buffer.from(`${lines.join("\r\n")}\r\n`);
}

describe("imports", () => {
  let t: TestApp;
  let call: Call;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "flame-import-"));
    t = await createTestApp({ env: { FLAME_DATA_DIR: dataDir } });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("imports a windows-1251 CSV with `;` and Cyrillic names", async () => {
    const s = await signUp(t.app);
    const text =
      "Фамилия;Имя;Отчество;Телефон;Эл. почта\r\nИванов;Пётр;Сергеевич;8 (912) 345-67-89;IVAN@example.ru\r\nЩукина;Алёна;;+7 913 000-00-01;\r\n";
    const { upload, done } = await runImport(t, s, "contact", "clients.csv", iconv.encode(text, "win1251"));
    expect(upload).toMatchObject({ format: "csv", encoding: "windows-1251", delimiter: ";" });
    expect(upload.guessedMapping).toEqual({
      Фамилия: "lastName",
      Имя: "firstName",
      Отчество: "middleName",
      Телефон: "phone",
      "Эл. почта": "email",
    });
    expect(upload.preview).toHaveLength(2);
    expect(upload.preview[0].errors).toEqual([]);
    expect(done).toMatchObject({
      status: "done",
      totalRows: 2,
      processedRows: 2,
      createdCount: 2,
      percent: 100,
    });
    expect(await names(call, s)).toEqual(["Иванов Пётр", "Щукина Алёна"]);
    const ivan = (await call(s, "GET", "/api/contacts?limit=200"))
      .json()
      .items.find((c: { lastName: string }) => c.lastName === "Иванов");
    expect(ivan.phones[0].number).toBe("+79123456789");
    expect(ivan.emails[0].email).toBe("ivan@example.ru");
  });

  it("imports a UTF-8 CSV with a BOM and an XLSX file", async () => {
    const s = await signUp(t.app);
    const csv = Buffer.from("\uFEFFНазвание,ИНН,Сайт\nООО Ромашка,7707083893,https://romashka.ru\n");
    const { upload, done } = await runImport(t, s, "company", "companies.csv", csv);
    expect(upload).toMatchObject({ encoding: "utf-8", delimiter: ",", headers: ["Название", "ИНН", "Сайт"] });
    expect(done).toMatchObject({ status: "done", createdCount: 1, errorCount: 0 });
    const company = (await call(s, "GET", "/api/companies")).json().items[0];
    expect(company).toMatchObject({ name: "ООО Ромашка", inn: "7707083893" });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Клиенты");
    sheet.addRow(["First name", "Last name", "Phone", "Компания"]);
    sheet.addRow(["Anna", "Смирнова", "+7 916 111-22-33", "ООО Ромашка"]);
    sheet.addRow(["Boris", "Ким", 79161112234, ""]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await runImport(t, s, "contact", "clients.xlsx", xlsx);
    expect(result.upload.format).toBe("xlsx");
    expect(result.upload.guessedMapping).toMatchObject({
      "First name": "firstName",
      Компания: "companyName",
    });
    expect(result.done).toMatchObject({ status: "done", createdCount: 2, errorCount: 0 });
    expect(await names(call, s)).toEqual(["Ким Boris", "Смирнова Anna"]);
    const anna = (await call(s, "GET", "/api/contacts"))
      .json()
      .items.find((c: { firstName: string }) => c.firstName === "Anna");
    expect(anna.companyIds).toEqual([company.id]);
  });

  it("imports 20,000 rows with readable progress and reports the bad phones by row", async () => {
    const s = await signUp(t.app);
    const uploaded = await uploader(t.app)(s, "contact", "big.csv", bigCsv(20_000, 1000));
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const id = uploaded.json().id;
    expect(uploaded.json().preview).toHaveLength(10);
    expect((await call(s, "POST", `/api/imports/${id}/start`)).statusCode).toBe(202);
    const seen = new Set<number>();
    const done = await waitFor(
      async () => {
        const state = (await call(s, "GET", `/api/imports/${id}`)).json();
        seen.add(state.processedRows);
        return state.status === "running" ? null : state;
      },
      "the big import",
      50_000,
    );
    expect(done).toMatchObject({
      status: "done",
      totalRows: 20_000,
      processedRows: 20_000,
      createdCount: 19_980,
      errorCount: 20,
      percent: 100,
    });
    expect([...seen].some((n) => n > 0 && n < 20_000)).toBe(true);

    const report = await call(s, "GET", `/api/imports/${id}/errors.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers["content-disposition"]).toContain("attachment");
    expect(report.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines: string[][] = parse(report.rawPayload, { delimiter: ";", bom: true });
    expect(lines[0]).toEqual(["Строка", "Ошибка", "Имя", "Телефон"]);
    expect(lines).toHaveLength(21);
    // Data row 1000 is file row 1001 (the header is row 1).
    expect(lines[1]).toEqual([
      "1001",
      'phone "плохой-1000": is not a phone number',
      "Клиент 1000",
      "плохой-1000",
    ]);
    expect(lines.slice(1).map((l) => l[0])).toEqual(
      Array.from({ length: 20 }, (_, i) => String((i + 1) * 1000 + 1)),
    );

    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id;
    const inWorkspace = eq(contacts.workspaceId, workspaceId);
    const [total] = await t.database.db.select({ n: count() }).from(contacts).where(inWorkspace);
    expect(total?.n).toBe(19_980);
    const [bad] = await t.database.db
      .select({ n: count() })
      .from(contacts)
      .where(and(inWorkspace, eq(contacts.firstName, "Клиент 1000")));
    expect(bad?.n).toBe(0);
  }, 60_000);

  it("skips or updates duplicates as asked", async () => {
    const s = await signUp(t.app);
    const first = "Имя;Телефон\nСтарое;+7 916 555-00-01\n";
    await runImport(t, s, "contact", "a.csv", Buffer.from(first));
    const again = "Имя;Должность;Телефон\nНовое;Директор;8 916 555 00 01\nДругой;;+7 916 555-00-02\n";
    const skipped = await runImport(t, s, "contact", "b.csv", Buffer.from(again), {
      duplicatePolicy: "skip",
    });
    expect(skipped.done).toMatchObject({ status: "done", createdCount: 1, skippedCount: 1, updatedCount: 0 });
    expect(await names(call, s)).toEqual(["Другой", "Старое"]);
    const updated = await runImport(t, s, "contact", "c.csv", Buffer.from(again), {
      duplicatePolicy: "update",
    });
    expect(updated.done).toMatchObject({ status: "done", createdCount: 0, updatedCount: 2 });
    expect(await names(call, s)).toEqual(["Другой", "Новое"]);
    const items = (await call(s, "GET", "/api/contacts")).json().items;
    expect(items.find((c: { firstName: string }) => c.firstName === "Новое").position).toBe("Директор");
  });

  it("treats a repeated phone inside one file as a duplicate of the row before it", async () => {
    const s = await signUp(t.app);
    const csv = "Имя;Телефон\nПервый;+7 916 777-00-01\nВторой;8 (916) 777-00-01\nТретий;+7 916 777-00-03\n";
    const { done } = await runImport(t, s, "contact", "same.csv", Buffer.from(csv), {
      duplicatePolicy: "update",
    });
    expect(done).toMatchObject({ status: "done", createdCount: 2, updatedCount: 1 });
    expect(await names(call, s)).toEqual(["Второй", "Третий"]);
  });

  it("cancels a running import before its next batch", async () => {
    const s = await signUp(t.app);
    const uploaded = await uploader(t.app)(s, "contact", "big.csv", bigCsv(20_000, 1_000_000));
    const id = uploaded.json().id;
    await call(s, "POST", `/api/imports/${id}/start`);
    await waitFor(
      async () => (await call(s, "GET", `/api/imports/${id}`)).json().processedRows > 0,
      "the first batch",
    );
    const cancelled = await call(s, "POST", `/api/imports/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe("cancelled");
    const at = (await call(s, "GET", `/api/imports/${id}`)).json().processedRows;
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await call(s, "GET", `/api/imports/${id}`)).json();
    expect(after.status).toBe("cancelled");
    expect(after.processedRows).toBeLessThan(20_000);
    expect(after.processedRows).toBeLessThanOrEqual(at + 500);
  }, 30_000);

  it("refuses binary files, empty files and header-only files with 422", async () => {
    const s = await signUp(t.app);
    const upload = uploader(t.app);
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3e]);
    const cases: [Buffer, RegExp][] = [
      [binary, /not a CSV or XLSX file/],
      [Buffer.alloc(0), /empty/],
      [Buffer.from("Имя;Телефон\r\n"), /no data rows/],
    ];
    for (const [content, message] of cases) {
      const res = await upload(s, "contact", "x.csv", content);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.message).toMatch(message);
    }
  });

  it("refuses a file mixing UTF-8 and windows-1251 rows, naming the lines", async () => {
    const s = await signUp(t.app);
    const mixed = Buffer.concat([
      Buffer.from("Имя;Телефон\r\nИван;+79161234567\r\n"),
      iconv.encode("Пётр;+79161234568\r\n", "win1251"),
    ]);
    const res = await uploader(t.app)(s, "contact", "mixed.csv", mixed);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.message).toMatch(/mixes encodings: line 1 is UTF-8 and line 3 is not/);
    expect((await call(s, "GET", "/api/imports")).json().items).toEqual([]);
  });

  it("fails a CSV with an unclosed quote before writing any row", async () => {
    const s = await signUp(t.app);
    const lines = [
      "Имя;Телефон",
      ...Array.from({ length: 600 }, (_, i) => `Клиент ${i};+7916${1000000 + i}`),
    ];
    lines.splice(550, 0, '"Сломанная кавычка;+79160000000');
    const { done } = await runImport(t, s, "contact", "broken.csv", Buffer.from(lines.join("\n")));
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/quote/i);
    expect(done.createdCount).toBe(0);
    expect((await call(s, "GET", "/api/contacts")).json().items).toEqual([]);
  });

  it("answers 413 to a file over 100 MB and keeps nothing of it", async () => {
    const s = await signUp(t.app);
    const huge = Buffer.alloc(100 * 1024 * 1024 + 1, "a;b\n");
    const stored = async () => {
      const entries = await readdir(path.join(dataDir, "imports"), { recursive: true }).catch(() => []);
      return entries.filter((e) => e.includes(path.sep)); // files, under their workspace's folder
    };
    const before = await stored();
    const res = await uploader(t.app)(s, "contact", "huge.csv", huge);
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.code).toBe("payload_too_large");
    expect((await call(s, "GET", "/api/imports")).json().items).toEqual([]);
    expect(await stored()).toEqual(before);
  }, 30_000);

  it("refuses a mapping to an unknown field, saves named mappings, hides other workspaces' imports", async () => {
    const s = await signUp(t.app);
    const res = await uploader(t.app)(s, "contact", "a.csv", Buffer.from("Имя;Размер обуви\nПётр;44\n"));
    const id = res.json().id;
    const bad = await call(s, "PUT", `/api/imports/${id}`, {
      mapping: { Имя: "firstName", "Размер обуви": "shoeSize" },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toContain("shoeSize");
    const good = await call(s, "PUT", `/api/imports/${id}`, {
      mapping: { Имя: "firstName" },
      duplicatePolicy: "create",
      saveMappingAs: "Из 1С",
    });
    expect(good.statusCode, good.body).toBe(200);
    const saved = (await call(s, "GET", "/api/import-mappings?entity=contact")).json().items;
    expect(saved).toMatchObject([{ name: "Из 1С", entity: "contact", mapping: { Имя: "firstName" } }]);
    expect((await call(s, "GET", "/api/imports")).json().items.map((i: { id: string }) => i.id)).toEqual([
      id,
    ]);

    const stranger = await signUp(t.app);
    for (const [method, url] of [
      ["GET", `/api/imports/${id}`],
      ["POST", `/api/imports/${id}/start`],
      ["POST", `/api/imports/${id}/cancel`],
      ["GET", `/api/imports/${id}/errors.csv`],
    ] as const) {
      expect((await call(stranger, method, url)).statusCode, url).toBe(404);
    }
  });
});

describe("imports on PGlite", () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "flame-import-"));
    t = await createTestApp({ driver: "pglite", env: { FLAME_DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("imports deals with amounts in rubles", async () => {
    const s = await signUp(t.app);
    const csv = Buffer.from("Название;Сумма\nПоставка;1 500,50\nМонтаж;abc\n");
    const { done } = await runImport(t, s, "deal", "deals.csv", csv);
    expect(done).toMatchObject({ status: "done", createdCount: 1, errorCount: 1 });
    const deals = (await caller(t.app)(s, "GET", "/api/deals")).json().items;
    expect(deals).toMatchObject([{ title: "Поставка", amountMinor: 150050 }]);
  });
});
