import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { caller, meOf } from "../../../../test/support/workspace.ts";
import { outbox, unsortedLeads } from "../../db/schema/index.ts";
import { createUnsortedLead } from "./unsorted.service.ts";

interface Stage {
  id: string;
  kind: "open" | "won" | "lost";
}

describe("unsorted leads", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  const workspaceOf = async (s: Session) => (await meOf(t.app, s)).activeWorkspace.id as string;
  const eventsOf = async (s: Session) =>
    t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, await workspaceOf(s)), like(outbox.topic, "lead.%")))
      .orderBy(asc(outbox.id));
  const countOf = async (s: Session, path: string) => (await call(s, "GET", path)).json().items.length;
  const newLead = async (s: Session, body: Record<string, unknown> = {}) => {
    const res = await call(s, "POST", "/api/unsorted", {
      title: "Заявка с сайта",
      contact: { name: "Иван Петров Сидорович", phone: "8 (916) 123-45-67", email: "Ivan@Example.RU" },
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it("receives a lead through the API with the phone in E.164, and emits lead.unsorted", async () => {
    const s = await signUp(t.app);
    const lead = await newLead(s, { payload: { utm_source: "yandex" } });
    expect(lead).toMatchObject({
      channel: "api",
      title: "Заявка с сайта",
      status: "pending",
      contact: { name: "Иван Петров Сидорович", phone: "+79161234567", email: "ivan@example.ru" },
      payload: { utm_source: "yandex" },
      contactId: null,
      dealId: null,
    });
    expect((await call(s, "GET", `/api/unsorted/${lead.id}`)).json()).toEqual(lead);
    const [event] = await eventsOf(s);
    expect(event).toMatchObject({
      topic: "lead.unsorted",
      payload: { id: lead.id, channel: "api", title: "Заявка с сайта" },
    });
    expect(event?.payload.actor).toMatchObject({ userId: (await meOf(t.app, s)).user.id });
  });

  it("refuses what is not a phone with 422 naming body.contact.phone, and writes nothing", async () => {
    const s = await signUp(t.app);
    const res = await call(s, "POST", "/api/unsorted", { title: "X", contact: { phone: "12" } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([
      { field: "body.contact.phone", message: "is not a phone number" },
    ]);
    const bad = await call(s, "POST", "/api/unsorted", { title: "X", contact: { email: "nope" } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].field).toBe("body.contact.email");
    expect(await countOf(s, "/api/unsorted")).toBe(0);
  });

  it("lists per status and channel, pages by a cursor, and counts pending per channel and source", async () => {
    const s = await signUp(t.app);
    const source = (await call(s, "POST", "/api/sources", { name: "Сайт", kind: "form" })).json();
    for (let i = 0; i < 3; i++)
      await newLead(s, { channel: "form", sourceId: source.id, title: `Форма ${i}` });
    await newLead(s, { channel: "phone", title: "Звонок" });
    const declined = await newLead(s, { title: "Спам" });
    await call(s, "POST", `/api/unsorted/${declined.id}/decline`, { reason: "спам" });

    expect(await countOf(s, "/api/unsorted")).toBe(4);
    expect(await countOf(s, "/api/unsorted?channel=form")).toBe(3);
    expect(await countOf(s, `/api/unsorted?sourceId=${source.id}`)).toBe(3);
    expect(await countOf(s, "/api/unsorted?status=declined")).toBe(1);
    expect((await call(s, "GET", "/api/unsorted?status=bogus")).statusCode).toBe(422);

    const first = (await call(s, "GET", "/api/unsorted?limit=3")).json();
    expect(first.items.map((l: { title: string }) => l.title)).toEqual(["Звонок", "Форма 2", "Форма 1"]);
    const second = (await call(s, "GET", `/api/unsorted?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((l: { title: string }) => l.title)).toEqual(["Форма 0"]);
    expect(second.nextCursor).toBeNull();

    expect((await call(s, "GET", "/api/unsorted/counts")).json()).toEqual({
      total: 4,
      byChannel: { form: 3, phone: 1 },
      bySource: { [source.id]: 3 },
    });
  });

  it("accepts: creates a contact and a deal in the chosen stage, links them, and marks the lead", async () => {
    const s = await signUp(t.app);
    const me = (await meOf(t.app, s)).user.id;
    const [pipeline] = (await call(s, "GET", "/api/pipelines")).json().items;
    const stage = (pipeline.stages as Stage[]).filter((x) => x.kind === "open")[1]!;
    const lead = await newLead(s, {
      contact: { name: "Анна Смирнова", phone: "+7 495 123 45 67", telegramUsername: "@anna_s" },
    });

    const res = await call(s, "POST", `/api/unsorted/${lead.id}/accept`, { stageId: stage.id });
    expect(res.statusCode, res.body).toBe(200);
    const accepted = res.json();
    expect(accepted).toMatchObject({
      status: "accepted",
      resolvedBy: me,
      contactId: expect.any(String),
      dealId: expect.any(String),
    });
    expect(accepted.resolvedAt).not.toBeNull();

    const contact = (await call(s, "GET", `/api/contacts/${accepted.contactId}`)).json();
    expect(contact).toMatchObject({
      firstName: "Анна",
      lastName: "Смирнова",
      phones: [{ number: "+74951234567", type: "mobile" }],
      telegramUsername: "anna_s",
      ownerId: me,
    });
    const deal = (await call(s, "GET", `/api/deals/${accepted.dealId}`)).json();
    expect(deal).toMatchObject({
      title: "Заявка с сайта",
      pipelineId: pipeline.id,
      stageId: stage.id,
      ownerId: me,
      contactIds: [accepted.contactId],
    });
    expect((await eventsOf(s)).map((e) => e.topic)).toEqual(["lead.unsorted", "lead.accepted"]);
    expect(await countOf(s, "/api/unsorted")).toBe(0);
    expect(await countOf(s, "/api/unsorted?status=accepted")).toBe(1);

    // A second accept finds it no longer pending.
    const again = await call(s, "POST", `/api/unsorted/${lead.id}/accept`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ status: "accepted" });
    expect(await countOf(s, "/api/deals")).toBe(1);
  });

  it("accepts into the default pipeline's first stage with a title of its own", async () => {
    const s = await signUp(t.app);
    const [pipeline] = (await call(s, "GET", "/api/pipelines")).json().items;
    const first = (pipeline.stages as Stage[]).find((x) => x.kind === "open")!;
    const lead = await newLead(s);
    const accepted = (await call(s, "POST", `/api/unsorted/${lead.id}/accept`, { title: "Окна ПВХ" })).json();
    expect((await call(s, "GET", `/api/deals/${accepted.dealId}`)).json()).toMatchObject({
      title: "Окна ПВХ",
      stageId: first.id,
    });
    expect((await call(s, "GET", `/api/contacts/${accepted.contactId}`)).json()).toMatchObject({
      firstName: "Иван",
      lastName: "Петров Сидорович",
      emails: [{ email: "ivan@example.ru" }],
    });
  });

  it("accepts atomically: a failure midway leaves no contact, no deal and the lead pending", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const bOwner = (await meOf(t.app, b)).user.id;
    const bStage = (await call(b, "GET", "/api/pipelines")).json().items[0].stages[0].id;
    const lead = await newLead(a);
    // The owner fails at the contact, the stage after the contact was written.
    for (const body of [{ ownerId: bOwner }, { stageId: bStage }, { contactId: "nope" }]) {
      const res = await call(a, "POST", `/api/unsorted/${lead.id}/accept`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
    }
    expect(await countOf(a, "/api/contacts")).toBe(0);
    expect(await countOf(a, "/api/deals")).toBe(0);
    expect((await call(a, "GET", `/api/unsorted/${lead.id}`)).json()).toMatchObject({
      status: "pending",
      contactId: null,
      dealId: null,
      resolvedAt: null,
    });
    expect((await eventsOf(a)).map((e) => e.topic)).toEqual(["lead.unsorted"]);
  });

  it("accepts with an existing contact: links it instead of creating one", async () => {
    const s = await signUp(t.app);
    const existing = (await call(s, "POST", "/api/contacts", { firstName: "Старый" })).json();
    const lead = await newLead(s);
    const accepted = (
      await call(s, "POST", `/api/unsorted/${lead.id}/accept`, { contactId: existing.id })
    ).json();
    expect(accepted.contactId).toBe(existing.id);
    expect(await countOf(s, "/api/contacts")).toBe(1);
    expect((await call(s, "GET", `/api/deals/${accepted.dealId}`)).json().contactIds).toEqual([existing.id]);
  });

  it("declines keeping the reason, and a resolved lead cannot be declined or linked again", async () => {
    const s = await signUp(t.app);
    const lead = await newLead(s);
    expect((await call(s, "POST", `/api/unsorted/${lead.id}/decline`, { reason: "" })).statusCode).toBe(422);
    const res = await call(s, "POST", `/api/unsorted/${lead.id}/decline`, { reason: "Дубль" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "declined", declineReason: "Дубль", contactId: null });
    expect((await call(s, "GET", `/api/unsorted/${lead.id}`)).json().declineReason).toBe("Дубль");
    expect((await call(s, "POST", `/api/unsorted/${lead.id}/decline`, { reason: "ещё" })).statusCode).toBe(
      409,
    );
    const contact = (await call(s, "POST", "/api/contacts", { firstName: "X" })).json();
    expect(
      (await call(s, "POST", `/api/unsorted/${lead.id}/link`, { contactId: contact.id })).statusCode,
    ).toBe(409);
    expect((await call(s, "POST", `/api/unsorted/${lead.id}/accept`, {})).statusCode).toBe(409);
    expect((await eventsOf(s)).map((e) => e.topic)).toEqual(["lead.unsorted", "lead.declined"]);
  });

  it("links to an existing contact and deal; needs one of them, each visible", async () => {
    const s = await signUp(t.app);
    const contact = (await call(s, "POST", "/api/contacts", { firstName: "Клиент" })).json();
    const deal = (await call(s, "POST", "/api/deals", { title: "Сделка", contactIds: [contact.id] })).json();
    const lead = await newLead(s);
    expect((await call(s, "POST", `/api/unsorted/${lead.id}/link`, {})).statusCode).toBe(422);
    expect((await call(s, "POST", `/api/unsorted/${lead.id}/link`, { dealId: "nope" })).statusCode).toBe(404);
    const res = await call(s, "POST", `/api/unsorted/${lead.id}/link`, {
      contactId: contact.id,
      dealId: deal.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "linked", contactId: contact.id, dealId: deal.id });
    expect(await countOf(s, "/api/contacts")).toBe(1);
    expect((await eventsOf(s)).map((e) => e.topic)).toEqual(["lead.unsorted", "lead.linked"]);
  });

  it("answers 404 for another workspace's lead everywhere and changes nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const lead = await newLead(a);
    const bContact = (await call(b, "POST", "/api/contacts", { firstName: "B" })).json();
    for (const [method, path, body] of [
      ["GET", "", undefined],
      ["POST", "/accept", {}],
      ["POST", "/decline", { reason: "чужое" }],
      ["POST", "/link", { contactId: bContact.id }],
    ] as const) {
      const res = await call(b, method, `/api/unsorted/${lead.id}${path}`, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    // A's own lead pointed at B's contact is refused too.
    expect(
      (await call(a, "POST", `/api/unsorted/${lead.id}/link`, { contactId: bContact.id })).statusCode,
    ).toBe(404);
    expect(await countOf(b, "/api/unsorted")).toBe(0);
    expect((await call(b, "GET", "/api/unsorted/counts")).json().total).toBe(0);
    expect(await countOf(b, "/api/deals")).toBe(0);
    expect((await call(a, "GET", `/api/unsorted/${lead.id}`)).json()).toMatchObject({ status: "pending" });
    // B cannot file a lead under A's source either.
    const aSource = (await call(a, "POST", "/api/sources", { name: "Сайт", kind: "form" })).json();
    expect((await call(b, "POST", "/api/unsorted", { title: "X", sourceId: aSource.id })).statusCode).toBe(
      404,
    );
  });

  it("lets a channel integration file a lead with no person, emitted by the system actor", async () => {
    const s = await signUp(t.app);
    const workspaceId = await workspaceOf(s);
    const deps = { db: t.database.db, outbox: t.platform.outbox };
    const lead = await createUnsortedLead(
      deps,
      { workspaceId },
      {
        channel: "telegram",
        title: "Сообщение в Telegram",
        contact: { telegramId: "123456", name: "Пётр" },
      },
    );
    const [row] = await t.database.db
      .select()
      .from(unsortedLeads)
      .where(and(eq(unsortedLeads.workspaceId, workspaceId), eq(unsortedLeads.id, lead.id)));
    expect(row).toMatchObject({ channel: "telegram", status: "pending", payload: {} });
    const [event] = await eventsOf(s);
    expect(event?.payload).toMatchObject({ id: lead.id, actor: { userId: null, apiKeyId: null } });
    expect((await call(s, "GET", "/api/unsorted/counts")).json().byChannel).toEqual({ telegram: 1 });
  });
});
