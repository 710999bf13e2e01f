import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { caller, workspaceWithColleague } from "../../../../test/support/workspace.ts";

describe.each(["postgres", "pglite"] as const)("search on %s", (driver) => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let s: Session;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({ driver });
    call = caller(t.app);
    s = await signUp(t.app);
    const add = async (key: string, url: string, body: object) => {
      ids[key] = (await call(s, "POST", url, body)).json().id;
    };
    await add("ivanov", "/api/contacts", {
      firstName: "Иван",
      lastName: "Иванов",
      phones: [{ number: "+7 916 123-45-67" }],
    });
    await add("petrova", "/api/contacts", {
      firstName: "Мария",
      lastName: "Петрова",
      emails: [{ email: "maria.petrova@example.ru" }],
    });
    await add("smith", "/api/contacts", {
      firstName: "John",
      lastName: "Smith",
      phones: [{ number: "+7 495 765-43-21" }],
    });
    await add("sber", "/api/companies", { name: "ПАО Сбербанк", inn: "7707083893" });
    await add("deal", "/api/deals", { title: "Поставка оборудования для Иванова" });
  });
  afterAll(() => t.close());

  const find = async (q: string, who: Session = s) => {
    const res = await call(who, "GET", `/api/search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { type: string; id: string }[];
  };

  it("finds the same person by a phone in any format, and by a fragment", async () => {
    for (const q of ["8 916 123-45-67", "+79161234567", "9161234567", "(916) 123 45 67", "123-45"]) {
      expect(
        (await find(q)).map((r) => r.id),
        q,
      ).toContain(ids.ivanov);
    }
    expect((await find("8 916 123-45-67")).map((r) => r.id)).not.toContain(ids.smith);
  });

  it("finds by a name prefix as you type, by a typo, by e-mail and by INN", async () => {
    expect((await find("Иван")).map((r) => r.id)).toContain(ids.ivanov);
    expect((await find("пет")).map((r) => r.id)).toContain(ids.petrova);
    expect((await find("smi")).map((r) => r.id)).toContain(ids.smith);
    const typo = await find("Ивнов");
    expect(typo[0]?.id).toBe(ids.ivanov);
    expect((await find("maria.petrova@example.ru")).map((r) => r.id)).toEqual([ids.petrova]);
    expect((await find("7707083893")).map((r) => r.id)).toEqual([ids.sber]);
    expect((await find("оборудования")).map((r) => r.type)).toContain("deal");
  });

  it("refuses an empty or huge query with 422 and finds nothing for nonsense", async () => {
    expect((await call(s, "GET", "/api/search?q=")).statusCode).toBe(422);
    expect((await call(s, "GET", `/api/search?q=${"я".repeat(10_000)}`)).statusCode).toBe(422);
    expect(await find("!!!")).toEqual([]);
  });

  it("searches inside a list", async () => {
    const res = (await call(s, "GET", `/api/contacts?q=${encodeURIComponent("9161234567")}`)).json();
    expect(res.items.map((c: { id: string }) => c.id)).toEqual([ids.ivanov]);
  });

  it("respects visibility and workspaces", async () => {
    const other = await signUp(t.app);
    expect(await find("Иванов", other)).toEqual([]);
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    await call(w.owner, "POST", "/api/contacts", { firstName: "Секретный", lastName: "Клиент" });
    expect(await find("Секретный", w.colleague)).toEqual([]);
    expect((await find("Секретный", w.owner)).length).toBe(1);
  });
});
