// The whole 1C exchange, driven by the 1C driver (test/fakes/one-c.ts) over real HTTP against the app on
// PostgreSQL: connecting, checkauth and sessions, a catalog in chunks and as a zip (products, prices,
// counterparties), orders sent to 1C in its encoding and confirmed, statuses and payments coming back;
// and the bad input: wrong credentials, no cookie, malformed and truncated XML, a zip escaping its folder.
import { createServer } from "node:net";
import { and, eq } from "drizzle-orm";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogXml,
  counterpartiesXml,
  offersXml,
  oneC,
  ordersFromOneCXml,
} from "../../../../../test/fakes/one-c.ts";
import { createTestApp, type TestApp } from "../../../../../test/support/app.ts";
import { newOwner, type Person } from "../../../../../test/support/messaging-settings.ts";
import { caller } from "../../../../../test/support/workspace.ts";
import { companies, contacts, products } from "../../../db/schema/index.ts";

const FILE_LIMIT = 4096;

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Stage {
  id: string;
  kind: "open" | "won" | "lost";
}

describe("the 1C exchange", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let publicUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: publicUrl, FLAME_ONE_C_FILE_LIMIT: String(FILE_LIMIT) } });
    await t.app.listen({ port, host: "127.0.0.1" });
    call = caller(t.app);
  });
  afterAll(async () => t?.close());

  async function connected(settings: Record<string, unknown> = {}) {
    const owner = await newOwner(t, publicUrl);
    const res = await call(owner, "POST", "/api/accounting/one-c", { settings });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    const driver = oneC({
      url: created.exchangeUrl,
      login: created.account.login,
      password: created.password,
    });
    return { owner, created, driver };
  }
  const count = (table: typeof products | typeof companies | typeof contacts, owner: Person) =>
    t.database.db.$count(table, eq(table.workspaceId, owner.workspaceId));

  it("shows the password once, and refuses wrong credentials and calls without a session", async () => {
    const { owner, created, driver } = await connected();
    expect(created).toMatchObject({
      connected: true,
      exchangeUrl: `${publicUrl}/api/accounting/one-c/exchange`,
      account: { login: expect.stringMatching(/^1c_/) },
    });
    expect(created.password.length).toBeGreaterThanOrEqual(20);
    const read = (await call(owner, "GET", "/api/accounting/one-c")).body;
    expect(read).not.toContain(created.password);
    expect((await t.app.inject({ method: "GET", url: "/api/accounting/one-c" })).statusCode).toBe(401);

    const wrong = oneC({ url: created.exchangeUrl, login: created.account.login, password: "wrong" });
    await expect(wrong.checkauth("catalog")).rejects.toThrow(
      /failure\\nWrong login or password|Wrong login or password/,
    );
    const noCookie = await driver.raw({ type: "catalog", mode: "init" }, { cookie: null });
    expect(noCookie.text).toBe("failure\nNo session: call mode=checkauth first\n");
    const badCookie = await driver.raw({ type: "catalog", mode: "init" }, { cookie: "flame_1c=forged" });
    expect(badCookie.text).toMatch(/^failure\nThe session is unknown or expired/);

    const lines = await driver.checkauth("catalog");
    expect(lines[0]).toBe("success");
    expect(lines[1]).toBe("flame_1c");
    const init = await driver.init("catalog");
    expect(init).toMatchObject({ zip: true, fileLimit: FILE_LIMIT });
    // A new password: the old one stops working.
    const renewed = (await call(owner, "POST", "/api/accounting/one-c/password")).json();
    await expect(driver.checkauth("catalog")).rejects.toThrow(/Wrong login or password/);
    const fresh = oneC({
      url: created.exchangeUrl,
      login: renewed.account.login,
      password: renewed.password,
    });
    expect((await fresh.checkauth("sale"))[0]).toBe("success");
  });

  it("imports a catalog sent in chunks: products with prices and stock, and counterparties", async () => {
    const { owner, driver } = await connected();
    const goods = Array.from({ length: 60 }, (_, i) => ({
      id: `5f1c2d3e-0000-11ee-8000-${String(i).padStart(12, "0")}`,
      name: `Диван Остин ${i}`,
      article: `OST-${i}`,
    }));
    const importXml = catalogXml(goods, { version: "2.08", encoding: "windows-1251" });
    expect(importXml.length).toBeGreaterThan(FILE_LIMIT); // so it comes in several pieces
    const offers = offersXml(
      goods.map((g, i) => ({ id: g.id, price: `${45990 + i}.50`, quantity: i })),
      { version: "2.08" },
    );
    const parties = counterpartiesXml([
      { id: "cp-1", name: "ООО Ромашка", inn: "7736570901", kpp: "773601001", phones: ["+74951234567"] },
      {
        id: "cp-2",
        name: "Смирнова Ольга",
        person: { firstName: "Ольга", lastName: "Смирнова" },
        emails: ["olga@example.ru"],
      },
    ]);
    await driver.catalogExchange([
      { name: "import.xml", bytes: importXml },
      { name: "offers.xml", bytes: offers },
      { name: "contragents.xml", bytes: parties },
    ]);
    expect(await count(products, owner)).toBe(60);
    const list = (await call(owner, "GET", "/api/accounting/products?search=остин 7&limit=5")).json();
    expect(list.items[0]).toMatchObject({
      name: "Диван Остин 7",
      article: "OST-7",
      priceMinor: 4_599_750,
      stock: 7,
    });
    const [company] = await t.database.db
      .select()
      .from(companies)
      .where(and(eq(companies.workspaceId, owner.workspaceId), eq(companies.inn, "7736570901")));
    expect(company).toMatchObject({ name: "ООО Ромашка", kpp: "773601001" });
    const [olga] = await t.database.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, owner.workspaceId), eq(contacts.lastName, "Смирнова")));
    expect(olga?.emails).toEqual([expect.objectContaining({ email: "olga@example.ru" })]);
    // The log names the files and what they did.
    const log = (await call(owner, "GET", "/api/accounting/one-c/log")).json();
    expect(log.items.map((r: { filename: string }) => r.filename).sort()).toEqual([
      "contragents.xml",
      "import.xml",
      "offers.xml",
    ]);

    // Both lists page by cursor: every product once, by name; the log two runs at a time.
    const names: string[] = [];
    for (let cursor: string | null = ""; cursor !== null; ) {
      const pageOf: { items: { name: string }[]; nextCursor: string | null } = (
        await call(owner, "GET", `/api/accounting/products?limit=25&cursor=${cursor}`)
      ).json();
      names.push(...pageOf.items.map((p) => p.name));
      cursor = pageOf.nextCursor;
    }
    expect(names).toHaveLength(60);
    expect(new Set(names).size).toBe(60);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const first = (await call(owner, "GET", "/api/accounting/one-c/log?limit=2")).json();
    expect(first.items).toHaveLength(2);
    const rest = (
      await call(owner, "GET", `/api/accounting/one-c/log?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(rest).toMatchObject({ nextCursor: null });
    expect([...first.items, ...rest.items].map((r: { id: string }) => r.id)).toEqual(
      log.items.map((r: { id: string }) => r.id),
    );

    // The same catalog again: updated, not duplicated.
    await driver.catalogExchange([{ name: "import.xml", bytes: importXml }]);
    expect(await count(products, owner)).toBe(60);
  });

  it("imports a catalog sent as one zip archive, and refuses an archive escaping its folder", async () => {
    const { owner, driver } = await connected();
    await driver.catalogExchange(
      [
        { name: "import.xml", bytes: catalogXml([{ id: "p-1", name: "Кресло" }]) },
        { name: "offers.xml", bytes: offersXml([{ id: "p-1", price: "12500" }]) },
      ],
      { zip: true },
    );
    const [chair] = await t.database.db
      .select()
      .from(products)
      .where(eq(products.workspaceId, owner.workspaceId));
    expect(chair).toMatchObject({ name: "Кресло", priceMinor: 1_250_000 });

    await driver.checkauth("catalog");
    await driver.init("catalog");
    const evil = zipSync({
      "../evil.xml": catalogXml([{ id: "p-2", name: "Чужое" }]),
      "import.xml": catalogXml([{ id: "p-3", name: "Стол" }]),
    });
    await driver.file("catalog", "import.zip", evil);
    await expect(driver.import("catalog", "import.xml")).rejects.toThrow(/\.\./);
    expect(await count(products, owner)).toBe(1);
    // A file name escaping the folder is refused as it arrives.
    const escaping = await driver.raw(
      { type: "catalog", mode: "file", filename: "../../etc/passwd" },
      { method: "POST", body: new Uint8Array([1]) },
    );
    expect(escaping.text).toMatch(/^failure\n/);
  });

  it("fails malformed and truncated XML with the reason, importing nothing of it", async () => {
    const { owner, driver } = await connected();
    const whole = catalogXml([
      { id: "a", name: "Первый" },
      { id: "b", name: "Второй" },
    ]);
    await driver.checkauth("catalog");
    await driver.init("catalog");
    await driver.file("catalog", "import.xml", whole.subarray(0, whole.length - 40));
    await expect(driver.import("catalog", "import.xml")).rejects.toThrow(/import\.xml: /);
    await driver.file(
      "catalog",
      "broken.xml",
      new TextEncoder().encode("<КоммерческаяИнформация><Каталог><Товары><Товар></Каталог>"),
    );
    await expect(driver.import("catalog", "broken.xml")).rejects.toThrow(/broken\.xml: /);
    expect(await count(products, owner)).toBe(0);
    const log = (await call(owner, "GET", "/api/accounting/one-c/log")).json();
    expect(log.items.every((r: { status: string }) => r.status === "failed")).toBe(true);
  });

  it("sends orders in 1C's encoding until confirmed, and takes statuses and payments back", async () => {
    const owner = await newOwner(t, publicUrl);
    const stages: Stage[] = (await call(owner, "GET", "/api/pipelines")).json().items[0].stages;
    const open = stages.filter((s) => s.kind === "open");
    const res = await call(owner, "POST", "/api/accounting/one-c", {
      settings: {
        exportStageIds: [open[1]!.id],
        encoding: "windows-1251",
        statusMap: { "[F] Доставлен": open[2]!.id },
        paidStageId: open[3]!.id,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    const driver = oneC({
      url: created.exchangeUrl,
      login: created.account.login,
      password: created.password,
    });

    const company = (
      await call(owner, "POST", "/api/companies", { name: "ООО «Ёлка»", inn: "7707083893" })
    ).json();
    const deal = (
      await call(owner, "POST", "/api/deals", {
        title: "Поставка ёлок",
        stageId: open[1]!.id,
        companyId: company.id,
      })
    ).json();
    const put = await call(owner, "PUT", `/api/deals/${deal.id}/items`, {
      items: [{ name: "Ёлка 2 м", quantity: 3, priceMinor: 450_000 }],
    });
    expect(put.json().totalMinor).toBe(1_350_000);
    await call(owner, "POST", "/api/deals", { title: "Не для 1С", stageId: open[0]!.id });

    const first = await driver.saleExchange();
    expect(first.queried.bytes.subarray(0, 60).toString("latin1")).toMatch(/encoding="windows-1251"/);
    expect(first.queried.text).toContain(`<Ид>${deal.id}</Ид>`);
    expect(first.queried.text).toContain("ООО «Ёлка»");
    expect(first.queried.text).toContain("<Наименование>Ёлка 2 м</Наименование>");
    expect(first.queried.text).toContain("<Сумма>13500.00</Сумма>");
    expect(first.queried.text).not.toContain("Не для 1С");
    // Confirmed by mode=success: not sent again until it changes.
    const second = await driver.saleExchange();
    expect(second.queried.text).not.toContain(deal.id);
    await call(owner, "PATCH", `/api/deals/${deal.id}`, { title: "Поставка ёлок (изменено)" });
    const third = await driver.saleExchange([
      {
        name: "orders-1.xml",
        bytes: ordersFromOneCXml([
          { id: deal.id, number: "Ф-12", status: "[F] Доставлен", amount: "13500.00" },
        ]),
      },
    ]);
    expect(third.queried.text).toContain("Поставка ёлок (изменено)");
    const moved = (await call(owner, "GET", `/api/deals/${deal.id}`)).json();
    expect(moved.stageId).toBe(open[2]!.id);

    // Paid in 1C: the paid flag, and the paid stage.
    await driver.saleExchange([
      {
        name: "orders-2.xml",
        bytes: ordersFromOneCXml([
          { id: deal.id, number: "Ф-12", status: "[F] Доставлен", paid: true, amount: "13500.00" },
        ]),
      },
    ]);
    expect((await call(owner, "GET", `/api/deals/${deal.id}`)).json().stageId).toBe(open[3]!.id);
    const items = (await call(owner, "GET", `/api/deals/${deal.id}/items`)).json();
    expect(items.orders).toEqual([
      expect.objectContaining({
        platform: "one_c",
        number: "Ф-12",
        state: "[F] Доставлен",
        paid: true,
        paidMinor: 1_350_000,
      }),
    ]);
  });
});
