import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { signUp } from "../../../../test/support/auth.ts";
import { seedChannel, seedConversation } from "../../../../test/support/conversations.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";

/** A record as GET returns it: create and update also carry `possibleDuplicates`. */
const stored = ({ possibleDuplicates: _, ...record }: Record<string, unknown>) => record;

describe("contacts", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  it("creates a contact with phones in any spelling stored as E.164, and reads it back", async () => {
    const s = await signUp(t.app);
    const res = await call(s, "POST", "/api/contacts", {
      firstName: "Иван",
      lastName: "Петров",
      phones: [{ number: "8 (916) 123-45-67" }, { number: "+7 495 123 45 67", type: "work" }],
      emails: [{ email: "Ivan@Example.RU" }],
      telegramUsername: "@ivan_petrov",
    });
    expect(res.statusCode).toBe(201);
    const contact = res.json();
    expect(contact).toMatchObject({
      phones: [
        { number: "+79161234567", type: "mobile" },
        { number: "+74951234567", type: "work" },
      ],
      emails: [{ email: "ivan@example.ru", type: "work" }],
      telegramUsername: "ivan_petrov",
      ownerId: (await meOf(t.app, s)).user.id,
    });
    expect((await call(s, "GET", `/api/contacts/${contact.id}`)).json()).toEqual(stored(contact));
  });

  it("answers a new contact's companies and tags as GET does, and finds a namesake at the same company", async () => {
    const s = await signUp(t.app);
    const romashka = (await call(s, "POST", "/api/companies", { name: "ООО Ромашка" })).json();
    const yabloko = (await call(s, "POST", "/api/companies", { name: "ООО Яблоко" })).json();
    const vip = (await call(s, "POST", "/api/tags", { name: "VIP" })).json();
    const first = (
      await call(s, "POST", "/api/contacts", {
        firstName: "Иван",
        lastName: "Петров",
        companyIds: [romashka.id],
      })
    ).json();
    expect(first.possibleDuplicates).toEqual([]);
    const res = await call(s, "POST", "/api/contacts", {
      firstName: "Иван",
      lastName: "Петров",
      companyIds: [yabloko.id, romashka.id, yabloko.id],
      tagIds: [vip.id, vip.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const contact = res.json();
    expect([...contact.companyIds].sort()).toEqual([romashka.id, yabloko.id].sort());
    expect(contact.tagIds).toEqual([vip.id]);
    // The weak key is the name with the first company by name: Ромашка, as the first contact's.
    expect(contact.possibleDuplicates).toEqual([
      { recordId: first.id, reasons: [{ kind: "name_company", value: "петров иван|ооо ромашка" }] },
    ]);
    const read = (await call(s, "GET", `/api/contacts/${contact.id}`)).json();
    expect({ ...read, companyIds: [...read.companyIds].sort() }).toEqual({
      ...stored(contact),
      companyIds: [...contact.companyIds].sort(),
    });
  });

  it("refuses what is not a phone with 422 naming the field, and writes nothing", async () => {
    const s = await signUp(t.app);
    const res = await call(s, "POST", "/api/contacts", { firstName: "X", phones: [{ number: "12" }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([
      { field: "body.phones.0.number", message: "is not a phone number" },
    ]);
    expect((await call(s, "GET", "/api/contacts")).json().items).toEqual([]);
  });

  it("updates, reports 404 for another workspace's contact, and deletes", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const id = (await call(a, "POST", "/api/contacts", { firstName: "Анна" })).json().id;
    for (const [method, body] of [["GET"], ["PATCH", { firstName: "Взлом" }], ["DELETE"]] as const) {
      expect((await call(b, method, `/api/contacts/${id}`, body)).statusCode, method).toBe(404);
    }
    const patched = await call(a, "PATCH", `/api/contacts/${id}`, { lastName: "Смирнова" });
    expect(patched.json()).toMatchObject({ firstName: "Анна", lastName: "Смирнова" });
    expect((await call(a, "DELETE", `/api/contacts/${id}`)).statusCode).toBe(204);
    expect((await call(a, "GET", `/api/contacts/${id}`)).statusCode).toBe(404);
  });

  it("deletes a contact that has a conversation; the conversation stays in the inbox, unlinked", async () => {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    const contact = (await call(s, "POST", "/api/contacts", { firstName: "Ольга" })).json();
    const chat = await seedConversation(t, workspaceId, await seedChannel(t, workspaceId), {
      contactId: contact.id,
    });
    const res = await call(s, "DELETE", `/api/contacts/${contact.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await call(s, "GET", `/api/conversations/${chat.id}`)).json()).toMatchObject({
      id: chat.id,
      contactId: null,
    });
    expect((await call(s, "GET", `/api/conversations/${chat.id}/messages`)).json().items).toHaveLength(1);
  });

  it("refuses references into another workspace with 404 and writes nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const bSource = (await call(b, "GET", "/api/sources")).json().items[0]?.id ?? "none";
    const bOwner = (await meOf(t.app, b)).user.id;
    for (const body of [
      { sourceId: bSource },
      { ownerId: bOwner },
      { companyIds: ["nope"] },
      { tagIds: ["nope"] },
    ]) {
      const res = await call(a, "POST", "/api/contacts", { firstName: "X", ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
    }
    expect((await call(a, "GET", "/api/contacts")).json().items).toEqual([]);
  });

  it("shows a member with `own` visibility only their own and unassigned contacts", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const mine = (await call(w.colleague, "POST", "/api/contacts", { firstName: "Мой" })).json();
    const owners = (await call(w.owner, "POST", "/api/contacts", { firstName: "Владельца" })).json();
    const nobodys = (
      await call(w.owner, "POST", "/api/contacts", { firstName: "Ничей", ownerId: null })
    ).json();
    const seen = (await call(w.colleague, "GET", "/api/contacts"))
      .json()
      .items.map((c: { id: string }) => c.id);
    expect(seen.sort()).toEqual([mine.id, nobodys.id].sort());
    expect((await call(w.colleague, "GET", `/api/contacts/${owners.id}`)).statusCode).toBe(404);
    expect((await call(w.owner, "GET", "/api/contacts")).json().items).toHaveLength(3);
  });

  it("pages with a keyset cursor, returning every row exactly once while rows are inserted", async () => {
    const s = await signUp(t.app);
    for (let i = 0; i < 25; i++) await call(s, "POST", "/api/contacts", { firstName: `К${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = 0;
    do {
      const query: string = `/api/contacts?limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const res = (await call(s, "GET", query)).json();
      seen.push(...res.items.map((c: { id: string }) => c.id));
      cursor = res.nextCursor;
      // New rows arrive while paging; they sort before the cursor and must not disturb it.
      await call(s, "POST", "/api/contacts", { firstName: `Новый${inserted++}` });
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });
});
