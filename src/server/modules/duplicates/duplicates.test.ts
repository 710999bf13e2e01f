import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { signUp } from "../../../../test/support/auth.ts";
import { seedChannel, seedConversation } from "../../../../test/support/conversations.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { caller, meOf } from "../../../../test/support/workspace.ts";
import { auditLog } from "../../db/schema/index.ts";

describe("duplicates and merge", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  it("flags a contact sharing a phone on create, and lists the pair with the reason", async () => {
    const s = await signUp(t.app);
    const first = (
      await call(s, "POST", "/api/contacts", { firstName: "Иван", phones: [{ number: "8 916 123-45-67" }] })
    ).json();
    expect(first.possibleDuplicates).toEqual([]);
    const second = (
      await call(s, "POST", "/api/contacts", { firstName: "Ваня", phones: [{ number: "+79161234567" }] })
    ).json();
    expect(second.possibleDuplicates).toEqual([
      { recordId: first.id, reasons: [{ kind: "phone", value: "+79161234567" }] },
    ]);
    const pairs = (await call(s, "GET", "/api/contacts/duplicates")).json().items;
    expect(pairs).toEqual([
      { ids: [first.id, second.id].sort(), reasons: [{ kind: "phone", value: "+79161234567" }] },
    ]);
    const other = await signUp(t.app);
    expect((await call(other, "GET", "/api/contacts/duplicates")).json().items).toEqual([]);
  });

  it("merges two contacts: the merged one's conversations move to the survivor", async () => {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    const channel = await seedChannel(t, workspaceId);
    const survivor = (await call(s, "POST", "/api/contacts", { firstName: "Иван" })).json();
    const merged = (await call(s, "POST", "/api/contacts", { firstName: "Ваня" })).json();
    const kept = await seedConversation(t, workspaceId, channel, { contactId: survivor.id });
    const moved = await seedConversation(t, workspaceId, channel, { contactId: merged.id });
    const res = await call(s, "POST", "/api/contacts/merge", {
      survivorId: survivor.id,
      mergedId: merged.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const chats = (await call(s, "GET", `/api/conversations?contactId=${survivor.id}`)).json().items;
    expect(chats.map((c: { id: string }) => c.id).sort()).toEqual([kept.id, moved.id].sort());
  });

  it("merges two contacts: deals, tasks, notes, companies, tags and timeline move to the survivor", async () => {
    const s = await signUp(t.app);
    const survivor = (
      await call(s, "POST", "/api/contacts", {
        firstName: "Иван",
        lastName: "Петров",
        emails: [{ email: "ivan@a.ru" }],
      })
    ).json();
    const company = (await call(s, "POST", "/api/companies", { name: "ООО Ромашка" })).json();
    const tag = (await call(s, "POST", "/api/tags", { name: "VIP" })).json();
    const merged = (
      await call(s, "POST", "/api/contacts", {
        firstName: "Иван",
        position: "Директор",
        emails: [{ email: "ivan@b.ru" }],
        phones: [{ number: "+7 916 000-00-01" }],
        companyIds: [company.id],
        tagIds: [tag.id],
      })
    ).json();
    const deal = (await call(s, "POST", "/api/deals", { title: "Сделка", contactIds: [merged.id] })).json();
    const task = (await call(s, "POST", "/api/tasks", { title: "Позвонить", contactId: merged.id })).json();
    const note = (await call(s, "POST", "/api/notes", { contactId: merged.id, body: "Любит чай" })).json();
    await waitFor(async () => {
      const tl = (await call(s, "GET", `/api/timeline?recordType=contact&recordId=${merged.id}`)).json();
      return tl.items?.length > 0;
    }, "the merged contact's timeline");

    const res = await call(s, "POST", "/api/contacts/merge", {
      survivorId: survivor.id,
      mergedId: merged.id,
      takeFromMerged: ["position"],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await call(s, "GET", `/api/contacts/${survivor.id}`)).json();
    expect(after).toMatchObject({
      firstName: "Иван",
      lastName: "Петров",
      position: "Директор",
      companyIds: [company.id],
      tagIds: [tag.id],
    });
    expect(after.emails.map((e: { email: string }) => e.email).sort()).toEqual(["ivan@a.ru", "ivan@b.ru"]);
    expect(after.phones).toEqual([{ number: "+79160000001", type: "mobile" }]);
    expect((await call(s, "GET", `/api/contacts/${merged.id}`)).statusCode).toBe(404);
    expect((await call(s, "GET", `/api/deals/${deal.id}`)).json().contactIds).toEqual([survivor.id]);
    expect((await call(s, "GET", `/api/tasks/${task.id}`)).json().contactId).toBe(survivor.id);
    expect(
      (await call(s, "GET", `/api/notes?contactId=${survivor.id}`))
        .json()
        .items.map((n: { id: string }) => n.id),
    ).toContain(note.id);

    const kinds = await waitFor(async () => {
      const tl = (await call(s, "GET", `/api/timeline?recordType=contact&recordId=${survivor.id}`)).json();
      const k = tl.items.map((e: { kind: string }) => e.kind);
      return k.includes("merged") && k.filter((x: string) => x === "created").length === 2 ? k : null;
    }, "the merge in the survivor's timeline");
    expect(kinds.filter((k: string) => k === "created")).toHaveLength(2); // the merged one's history moved too
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "contact.merged"), eq(auditLog.target, survivor.id)));
    expect(audit?.data).toMatchObject({ mergedId: merged.id, merged: { position: "Директор" } });
  });

  it("refuses merging a record with itself (422), across workspaces or kinds (404)", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const mine = (await call(a, "POST", "/api/contacts", { firstName: "A" })).json();
    const theirs = (await call(b, "POST", "/api/contacts", { firstName: "B" })).json();
    const company = (await call(a, "POST", "/api/companies", { name: "C" })).json();
    expect(
      (await call(a, "POST", "/api/contacts/merge", { survivorId: mine.id, mergedId: mine.id })).statusCode,
    ).toBe(422);
    expect(
      (await call(a, "POST", "/api/contacts/merge", { survivorId: mine.id, mergedId: theirs.id })).statusCode,
    ).toBe(404);
    expect(
      (await call(a, "POST", "/api/contacts/merge", { survivorId: mine.id, mergedId: company.id }))
        .statusCode,
    ).toBe(404);
    expect((await call(b, "GET", `/api/contacts/${theirs.id}`)).statusCode).toBe(200);
  });

  it("merges two companies sharing an INN, moving their deals", async () => {
    const s = await signUp(t.app);
    const one = (await call(s, "POST", "/api/companies", { name: "Сбербанк", inn: "7707083893" })).json();
    const two = (
      await call(s, "POST", "/api/companies", { name: "ПАО Сбербанк", inn: "7707083893", kpp: "773601001" })
    ).json();
    expect(two.possibleDuplicates[0]).toMatchObject({ recordId: one.id, reasons: [{ kind: "inn" }] });
    const deal = (await call(s, "POST", "/api/deals", { title: "x", companyId: two.id })).json();
    await call(s, "POST", "/api/companies/merge", {
      survivorId: one.id,
      mergedId: two.id,
      takeFromMerged: ["name"],
    });
    expect((await call(s, "GET", `/api/companies/${one.id}`)).json()).toMatchObject({
      name: "ПАО Сбербанк",
      kpp: "773601001",
    });
    expect((await call(s, "GET", `/api/deals/${deal.id}`)).json().companyId).toBe(one.id);
    expect((await call(s, "GET", "/api/companies/duplicates")).json().items).toEqual([]);
  });
});
