import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { outbox } from "../../db/schema/index.ts";

/** ПАО Сбербанк: real requisites, every checksum valid. */
const SBER = {
  name: "ПАО Сбербанк",
  legalForm: "ПАО",
  inn: "7707083893",
  kpp: "773601001",
  ogrn: "1027700132195",
  bik: "044525225",
  correspondentAccount: "30101810400000000225",
  settlementAccount: "40702810938000012345",
};
/** An individual entrepreneur: a valid 12-digit INN and a valid OGRNIP. */
const IP = { name: "ИП Иванов", legalForm: "ИП", inn: "500123456750", ogrn: "304774600001236" };

/** A record as GET returns it: create and update also carry `possibleDuplicates`. */
const stored = ({ possibleDuplicates: _, ...record }: Record<string, unknown>) => record;

describe("companies", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  const listOf = async (s: Session) => (await call(s, "GET", "/api/companies")).json().items;
  const eventsOf = async (s: Session) => {
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    return t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), like(outbox.topic, "company.%")))
      .orderBy(asc(outbox.id));
  };

  it("creates a company by its requisites and reads it back with its contacts and tags", async () => {
    const s = await signUp(t.app);
    const res = await call(s, "POST", "/api/companies", {
      ...SBER,
      legalAddress: "117312, г. Москва, ул. Вавилова, д. 19",
      phones: [{ number: "8 (800) 555-55-50", type: "work" }],
      emails: [{ email: "Info@SberBank.RU" }],
      website: "https://www.sberbank.ru",
    });
    expect(res.statusCode, res.body).toBe(201);
    const company = res.json();
    expect(company).toMatchObject({
      ...SBER,
      phones: [{ number: "+78005555550", type: "work" }],
      emails: [{ email: "info@sberbank.ru", type: "work" }],
      website: "https://www.sberbank.ru",
      ownerId: (await meOf(t.app, s)).user.id,
      contactIds: [],
      tagIds: [],
      customFields: {},
    });
    expect((await call(s, "GET", `/api/companies/${company.id}`)).json()).toEqual(stored(company));
    expect((await eventsOf(s)).map((e) => e.topic)).toEqual(["company.created"]);

    const contact = (
      await call(s, "POST", "/api/contacts", { firstName: "Герман", companyIds: [company.id] })
    ).json();
    expect((await call(s, "GET", `/api/companies/${company.id}`)).json().contactIds).toEqual([contact.id]);
    expect((await call(s, "GET", `/api/companies?inn=${SBER.inn}`)).json().items).toHaveLength(1);
    expect((await call(s, "GET", "/api/companies?inn=7736050003")).json().items).toEqual([]);
  });

  it("stores an individual entrepreneur with a 12-digit INN and an OGRNIP", async () => {
    const s = await signUp(t.app);
    const res = await call(s, "POST", "/api/companies", IP);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ...IP, kpp: null });
  });

  it.each([
    ["a bad INN checksum", { inn: "7707083894" }, "body.inn", "INN checksum does not match"],
    ["a KPP of 8 characters", { kpp: "77360100" }, "body.kpp", "KPP must have 9 characters"],
    ["a bad OGRN checksum", { ogrn: "1027700132196" }, "body.ogrn", "OGRN checksum does not match"],
    [
      "an OGRN of 14 digits",
      { ogrn: "10277001321950" },
      "body.ogrn",
      "OGRN must have 13 digits (OGRNIP: 15 digits)",
    ],
    [
      "a settlement account of another bank",
      { settlementAccount: "40702810938000012346" },
      "body.settlementAccount",
      "The account does not match the BIK (control key)",
    ],
    [
      "a correspondent account of another bank",
      { correspondentAccount: "30101810400000000226" },
      "body.correspondentAccount",
      "The correspondent account does not match the BIK (control key)",
    ],
    [
      "a KPP with a 12-digit INN",
      { inn: IP.inn, ogrn: IP.ogrn },
      "body.kpp",
      "KPP is only issued to an organisation (10-digit INN)",
    ],
    [
      "an OGRNIP with a 10-digit INN",
      { ogrn: IP.ogrn },
      "body.ogrn",
      "An organisation (10-digit INN) has a 13-digit OGRN",
    ],
    [
      "an OGRN with a 12-digit INN",
      { inn: IP.inn, kpp: null },
      "body.ogrn",
      "An individual entrepreneur (12-digit INN) has a 15-digit OGRNIP",
    ],
    [
      "bank accounts without a BIK",
      { bik: null, correspondentAccount: null },
      "body.bik",
      "BIK is required with a settlement account",
    ],
  ])("refuses %s with 422 naming the field, and writes nothing", async (_, change, field, message) => {
    const s = await signUp(t.app);
    const res = await call(s, "POST", "/api/companies", { ...SBER, ...change });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ code: "validation_failed", details: [{ field, message }] });
    expect(await listOf(s)).toEqual([]);
    expect(await eventsOf(s)).toEqual([]);
  });

  it("requires a name on create but not on update", async () => {
    const s = await signUp(t.app);
    const res = await call(s, "POST", "/api/companies", { inn: SBER.inn });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([{ field: "body.name", message: expect.any(String) }]);
    const id = (await call(s, "POST", "/api/companies", { name: "Ромашка" })).json().id;
    expect((await call(s, "PATCH", `/api/companies/${id}`, { inn: SBER.inn })).json()).toMatchObject({
      name: "Ромашка",
      inn: SBER.inn,
    });
  });

  it("updates with a diff event only when something changed", async () => {
    const s = await signUp(t.app);
    const company = (await call(s, "POST", "/api/companies", SBER)).json();
    const patched = await call(s, "PATCH", `/api/companies/${company.id}`, {
      legalName: "Публичное акционерное общество «Сбербанк России»",
      kpp: "773601002",
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      ...SBER,
      kpp: "773601002",
      legalName: "Публичное акционерное общество «Сбербанк России»",
    });
    // The same values again change nothing and emit nothing.
    await call(s, "PATCH", `/api/companies/${company.id}`, { kpp: "773601002", name: SBER.name });
    const events = await eventsOf(s);
    expect(events.map((e) => e.topic)).toEqual(["company.created", "company.updated"]);
    expect(events[1]?.payload).toMatchObject({
      id: company.id,
      changes: {
        legalName: { from: null, to: "Публичное акционерное общество «Сбербанк России»" },
        kpp: { from: SBER.kpp, to: "773601002" },
      },
    });
    const changes = (events[1]?.payload.changes ?? {}) as object;
    expect(Object.keys(changes).sort()).toEqual(["kpp", "legalName"]);
  });

  it("checks a PATCH's requisites against the stored ones, and changes nothing when refused", async () => {
    const s = await signUp(t.app);
    const sber = (await call(s, "POST", "/api/companies", SBER)).json();
    const ip = (await call(s, "POST", "/api/companies", IP)).json();
    for (const [id, body, field, message] of [
      [ip.id, { kpp: SBER.kpp }, "body.kpp", "KPP is only issued to an organisation (10-digit INN)"],
      [
        ip.id,
        { ogrn: SBER.ogrn },
        "body.ogrn",
        "An individual entrepreneur (12-digit INN) has a 15-digit OGRNIP",
      ],
      [sber.id, { inn: IP.inn }, "body.kpp", "KPP is only issued to an organisation (10-digit INN)"],
      [
        sber.id,
        { bik: "044525226" },
        "body.settlementAccount",
        "The account does not match the BIK (control key)",
      ],
      [
        sber.id,
        { bik: null, correspondentAccount: null },
        "body.bik",
        "BIK is required with a settlement account",
      ],
    ] as const) {
      const res = await call(s, "PATCH", `/api/companies/${id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.details, JSON.stringify(body)).toContainEqual({ field, message });
    }
    expect((await call(s, "GET", `/api/companies/${sber.id}`)).json()).toEqual(stored(sber));
    expect((await call(s, "GET", `/api/companies/${ip.id}`)).json()).toEqual(stored(ip));
    // Clearing the bank requisites together is consistent.
    const cleared = await call(s, "PATCH", `/api/companies/${sber.id}`, {
      bik: null,
      settlementAccount: null,
      correspondentAccount: "",
    });
    expect(cleared.json()).toMatchObject({ bik: null, settlementAccount: null, correspondentAccount: null });
  });

  it("answers 404 for another workspace's company on read, update and delete, and changes nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const company = (await call(a, "POST", "/api/companies", SBER)).json();
    for (const [method, body] of [["GET"], ["PATCH", { name: "Взлом" }], ["DELETE"]] as const) {
      const res = await call(b, method, `/api/companies/${company.id}`, body);
      expect(res.statusCode, method).toBe(404);
      expect(res.json().error.code, method).toBe("not_found");
    }
    expect((await call(a, "GET", `/api/companies/${company.id}`)).json()).toEqual(stored(company));
    expect(await listOf(b)).toEqual([]);
    expect((await eventsOf(a)).map((e) => e.topic)).toEqual(["company.created"]);

    expect((await call(a, "DELETE", `/api/companies/${company.id}`)).statusCode).toBe(204);
    expect((await call(a, "GET", `/api/companies/${company.id}`)).statusCode).toBe(404);
    expect((await eventsOf(a)).map((e) => e.topic)).toEqual(["company.created", "company.deleted"]);
  });

  it("refuses an owner or a tag from another workspace with 404 and writes nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const bOwner = (await meOf(t.app, b)).user.id;
    for (const body of [{ ownerId: bOwner }, { tagIds: ["nope"] }]) {
      const res = await call(a, "POST", "/api/companies", { name: "X", ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
    }
    expect(await listOf(a)).toEqual([]);
  });

  it("shows a member with `own` visibility only their own and unassigned companies", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const mine = (await call(w.colleague, "POST", "/api/companies", { name: "Моя" })).json();
    const owners = (await call(w.owner, "POST", "/api/companies", { name: "Владельца" })).json();
    const nobodys = (await call(w.owner, "POST", "/api/companies", { name: "Ничья", ownerId: null })).json();
    expect(mine.ownerId).toBe(w.colleagueId);
    const seen = (await listOf(w.colleague)).map((c: { id: string }) => c.id);
    expect(seen.sort()).toEqual([mine.id, nobodys.id].sort());
    for (const [method, body] of [["GET"], ["PATCH", { name: "Чужая" }]] as const) {
      const res = await call(w.colleague, method, `/api/companies/${owners.id}`, body);
      expect(res.statusCode, method).toBe(404);
    }
    expect((await call(w.owner, "GET", `/api/companies/${owners.id}`)).json()).toEqual(stored(owners));
    expect(await listOf(w.owner)).toHaveLength(3);
  });

  it("pages with a keyset cursor, returning every row exactly once while rows are inserted", async () => {
    const s = await signUp(t.app);
    for (let i = 0; i < 25; i++) await call(s, "POST", "/api/companies", { name: `Компания ${i}` });
    for (const sort of ["createdAt", "name"]) {
      const all = (await call(s, "GET", "/api/companies?limit=200")).json().items.length;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/companies?limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ""}`;
        const res = (await call(s, "GET", query)).json();
        seen.push(...res.items.map((c: { id: string }) => c.id));
        cursor = res.nextCursor;
        // New rows arrive while paging; they sort before the cursor (newest, "Я…" after "К…") and must
        // not disturb it.
        await call(s, "POST", "/api/companies", { name: `Я новая ${sort} ${seen.length}` });
      } while (cursor);
      expect(seen, sort).toHaveLength(all);
      expect(new Set(seen).size, sort).toBe(all);
    }
  });
});
