import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { outbox } from "../../db/schema/index.ts";

describe("notes", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  const workspaceOf = async (s: Session) => (await meOf(t.app, s)).activeWorkspace.id as string;
  const noteEvents = (workspaceId: string) =>
    t.database.db
      .select({ topic: outbox.topic, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), like(outbox.topic, "note.%")))
      .orderBy(asc(outbox.id));
  const create = async (who: Session, path: string, body: object) => {
    const res = await call(who, "POST", path, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const createContact = (who: Session, body: object = {}) =>
    create(who, "/api/contacts", { firstName: "Анна", ...body });
  const createCompany = (who: Session) => create(who, "/api/companies", { name: "ООО Ромашка" });
  const createDeal = (who: Session) => create(who, "/api/deals", { title: "Поставка" });
  const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

  it("adds notes to a contact, a company and a deal, lists each record's, and emits note.created", async () => {
    const s = await signUp(t.app);
    const workspaceId = await workspaceOf(s);
    const me = (await meOf(t.app, s)).user.id;
    const contactId = await createContact(s);
    const companyId = await createCompany(s);
    const dealId = await createDeal(s);
    const res = await call(s, "POST", "/api/notes", { body: "Просил перезвонить после обеда", contactId });
    expect(res.statusCode).toBe(201);
    const note = res.json();
    expect(note).toMatchObject({
      body: "Просил перезвонить после обеда",
      contactId,
      companyId: null,
      dealId: null,
      createdBy: me,
    });
    const onCompany = await create(s, "/api/notes", { body: "Реквизиты сверены", companyId });
    const onDeal = await create(s, "/api/notes", { body: "Скидка 5%", dealId, contactId: null });

    expect((await call(s, "GET", `/api/notes?contactId=${contactId}`)).json()).toEqual({
      items: [note],
      nextCursor: null,
    });
    expect(ids(await call(s, "GET", `/api/notes?companyId=${companyId}`))).toEqual([onCompany]);
    expect(ids(await call(s, "GET", `/api/notes?dealId=${dealId}`))).toEqual([onDeal]);
    expect((await call(s, "GET", `/api/notes/${note.id}`)).json()).toEqual(note);
    expect(await noteEvents(workspaceId)).toEqual([
      {
        topic: "note.created",
        payload: expect.objectContaining({ id: note.id, contactId, companyId: null, dealId: null }),
      },
      { topic: "note.created", payload: expect.objectContaining({ id: onCompany, companyId }) },
      { topic: "note.created", payload: expect.objectContaining({ id: onDeal, dealId }) },
    ]);
  });

  it("refuses a note with two targets or none, or a blank or too long body, with 422, and writes nothing", async () => {
    const s = await signUp(t.app);
    const workspaceId = await workspaceOf(s);
    const contactId = await createContact(s);
    const companyId = await createCompany(s);
    for (const body of [
      { body: "Две цели", contactId, companyId },
      { body: "Ни одной" },
      { body: "Пустые цели", contactId: null, dealId: null },
      { body: "   ", contactId },
      { body: "", contactId },
      { body: "я".repeat(20001), contactId },
    ]) {
      const res = await call(s, "POST", "/api/notes", body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(res.json().error.code).toBe("validation_failed");
    }
    expect((await call(s, "GET", "/api/notes")).statusCode).toBe(422);
    expect(
      (await call(s, "GET", `/api/notes?contactId=${contactId}&companyId=${companyId}`)).statusCode,
    ).toBe(422);
    expect(ids(await call(s, "GET", `/api/notes?contactId=${contactId}`))).toEqual([]);
    expect(ids(await call(s, "GET", `/api/notes?companyId=${companyId}`))).toEqual([]);
    expect(await noteEvents(workspaceId)).toEqual([]);
    // The longest body allowed is fine.
    await create(s, "/api/notes", { body: "я".repeat(20000), contactId });
  });

  it("refuses a record of another workspace as the target with 404, and writes nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const targets: Record<string, string>[] = [
      { contactId: await createContact(b) },
      { companyId: await createCompany(b) },
      { dealId: await createDeal(b) },
      { contactId: "nope" },
    ];
    for (const target of targets) {
      const res = await call(a, "POST", "/api/notes", { body: "Чужое", ...target });
      expect(res.statusCode, JSON.stringify(target)).toBe(404);
      const query = new URLSearchParams(target).toString();
      expect((await call(a, "GET", `/api/notes?${query}`)).statusCode, query).toBe(404);
    }
    expect(await noteEvents(await workspaceOf(a))).toEqual([]);
    expect(await noteEvents(await workspaceOf(b))).toEqual([]);
  });

  it("answers 404 to another workspace's read, change and delete of a note, and changes nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const contactId = await createContact(a);
    const note = (await call(a, "POST", "/api/notes", { body: "Секрет", contactId })).json();
    for (const [method, url, body] of [
      ["GET", `/api/notes/${note.id}`],
      ["GET", `/api/notes?contactId=${contactId}`],
      ["PATCH", `/api/notes/${note.id}`, { body: "Взлом" }],
      ["DELETE", `/api/notes/${note.id}`],
    ] as const) {
      expect((await call(b, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call(a, "GET", `/api/notes/${note.id}`)).json()).toEqual(note);
    expect((await noteEvents(await workspaceOf(a))).map((e) => e.topic)).toEqual(["note.created"]);
  });

  it("hides from a member with `own` visibility the notes on a contact they cannot see", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const contactId = await createContact(w.owner); // owned by the owner: invisible to the member
    const note = (await call(w.owner, "POST", "/api/notes", { body: "Для руководства", contactId })).json();
    for (const [method, url, body] of [
      ["GET", `/api/notes?contactId=${contactId}`],
      ["GET", `/api/notes/${note.id}`],
      ["PATCH", `/api/notes/${note.id}`, { body: "Взлом" }],
      ["DELETE", `/api/notes/${note.id}`],
      ["POST", "/api/notes", { body: "Моя заметка", contactId }],
    ] as const) {
      expect((await call(w.colleague, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect(ids(await call(w.owner, "GET", `/api/notes?contactId=${contactId}`))).toEqual([note.id]);
    expect((await call(w.owner, "GET", `/api/notes/${note.id}`)).json()).toEqual(note);

    // Once the contact is the member's, so are its notes.
    const handed = await call(w.owner, "PATCH", `/api/contacts/${contactId}`, { ownerId: w.colleagueId });
    expect(handed.statusCode).toBe(200);
    expect(ids(await call(w.colleague, "GET", `/api/notes?contactId=${contactId}`))).toEqual([note.id]);
  });

  it("lets only the author, or a role that may delete records, change or delete a note", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const contactId = await createContact(w.owner, { ownerId: null }); // unowned: everyone sees it
    const owners = (await call(w.owner, "POST", "/api/notes", { body: "Владельца", contactId })).json();
    const members = await create(w.colleague, "/api/notes", { body: "Участника", contactId });
    const another = await create(w.colleague, "/api/notes", { body: "Ещё одна", contactId });

    expect((await call(w.colleague, "PATCH", `/api/notes/${owners.id}`, { body: "Правка" })).statusCode).toBe(
      403,
    );
    expect((await call(w.colleague, "DELETE", `/api/notes/${owners.id}`)).statusCode).toBe(403);
    expect((await call(w.owner, "GET", `/api/notes/${owners.id}`)).json()).toEqual(owners);

    const byAuthor = await call(w.colleague, "PATCH", `/api/notes/${members}`, {
      body: "Участника, исправлено",
    });
    expect(byAuthor.statusCode).toBe(200);
    expect(byAuthor.json().body).toBe("Участника, исправлено");
    const byOwner = await call(w.owner, "PATCH", `/api/notes/${members}`, { body: "Поправил владелец" });
    expect(byOwner.statusCode).toBe(200);
    expect(byOwner.json()).toMatchObject({ body: "Поправил владелец", createdBy: w.colleagueId });
    expect((await call(w.colleague, "DELETE", `/api/notes/${another}`)).statusCode).toBe(204);
    expect((await call(w.owner, "DELETE", `/api/notes/${members}`)).statusCode).toBe(204);
    expect(ids(await call(w.colleague, "GET", `/api/notes?contactId=${contactId}`))).toEqual([owners.id]);

    const events = await noteEvents(w.workspaceId);
    expect(events.map((e) => e.topic)).toEqual([
      "note.created",
      "note.created",
      "note.created",
      "note.updated",
      "note.updated",
      "note.deleted",
      "note.deleted",
    ]);
    expect(events[3]?.payload).toMatchObject({
      id: members,
      contactId,
      changes: { body: { from: "Участника", to: "Участника, исправлено" } },
    });
    expect(events[6]?.payload).toMatchObject({ id: members, contactId, companyId: null, dealId: null });
  });

  it("pages a record's notes newest first with a keyset cursor, each exactly once", async () => {
    const s = await signUp(t.app);
    const contactId = await createContact(s);
    const other = await createContact(s, { firstName: "Другой" });
    const created: string[] = [];
    for (let i = 0; i < 12; i++)
      created.push(await create(s, "/api/notes", { body: `Заметка ${i}`, contactId }));
    await create(s, "/api/notes", { body: "Не сюда", contactId: other });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/notes?contactId=${contactId}&limit=5${cursor ? `&cursor=${cursor}` : ""}`;
      const res = (await call(s, "GET", query)).json();
      seen.push(...res.items.map((n: { id: string }) => n.id));
      cursor = res.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });
});
