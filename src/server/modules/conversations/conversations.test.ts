import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { seedChannel, seedConversation } from "../../../../test/support/conversations.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { conversations, messages } from "../../db/schema/index.ts";

const HOUR = 3600_000;

describe("conversations", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  const owner = async () => {
    const session = await signUp(t.app);
    const me = await meOf(t.app, session);
    return { session, workspaceId: me.activeWorkspace.id as string, userId: me.user.id as string };
  };
  const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);
  const list = async (s: Session, query = "") => {
    const res = await call(s, "GET", `/api/conversations${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return ids(res);
  };

  it("lists the inbox newest first with channel, contact, deal, preview and flags, and pages with a cursor", async () => {
    const o = await owner();
    const tg = await seedChannel(t, o.workspaceId, "telegram");
    const wa = await seedChannel(t, o.workspaceId, "whatsapp");
    const contact = (
      await call(o.session, "POST", "/api/contacts", { firstName: "Ольга", lastName: "Смирнова" })
    ).json();
    const deal = (
      await call(o.session, "POST", "/api/deals", { title: "Доставка", contactIds: [contact.id] })
    ).json();
    const old = await seedConversation(t, o.workspaceId, tg, { at: new Date(Date.now() - 3 * HOUR) });
    const linked = await seedConversation(t, o.workspaceId, wa, {
      at: new Date(Date.now() - HOUR),
      contactId: contact.id,
      dealId: deal.id,
      text: "Привет",
    });
    expect(await list(o.session)).toEqual([linked.id, old.id]);
    const [first] = (await call(o.session, "GET", "/api/conversations")).json().items;
    expect(first).toMatchObject({
      id: linked.id,
      channel: "whatsapp",
      integrationName: "Канал whatsapp",
      contactName: "Ольга Смирнова",
      dealTitle: "Доставка",
      unreadCount: 1,
      unanswered: true,
      firstResponseSeconds: null,
      lastMessage: { text: "Привет", direction: "inbound", status: "received" },
    });
    const page1 = (await call(o.session, "GET", "/api/conversations?limit=1")).json();
    expect(page1.items.map((i: { id: string }) => i.id)).toEqual([linked.id]);
    const page2 = (
      await call(o.session, "GET", `/api/conversations?limit=1&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2).toMatchObject({ items: [{ id: old.id }], nextCursor: null });
    expect((await call(o.session, "GET", `/api/conversations/${linked.id}`)).json()).toEqual(first);
  });

  it("filters by unread, mine, channel, integration, unanswered, contact and deal", async () => {
    const o = await owner();
    const tg = await seedChannel(t, o.workspaceId, "telegram");
    const av = await seedChannel(t, o.workspaceId, "avito");
    const contact = (await call(o.session, "POST", "/api/contacts", { firstName: "Иван" })).json();
    const deal = (
      await call(o.session, "POST", "/api/deals", { title: "Кухня", contactIds: [contact.id] })
    ).json();
    const a = await seedConversation(t, o.workspaceId, tg, { assigneeId: o.userId, contactId: contact.id });
    const b = await seedConversation(t, o.workspaceId, av, {
      dealId: deal.id,
      at: new Date(Date.now() - 2 * HOUR),
    });
    // b is read and answered.
    expect((await call(o.session, "POST", `/api/conversations/${b.id}/read`)).json().unreadCount).toBe(0);
    await t.database.db
      .update(conversations)
      .set({ lastOutboundAt: new Date() })
      .where(and(eq(conversations.workspaceId, o.workspaceId), eq(conversations.id, b.id)));
    expect(await list(o.session, "?unread=true")).toEqual([a.id]);
    expect(await list(o.session, "?unread=false")).toEqual([b.id]);
    expect(await list(o.session, "?mine=true")).toEqual([a.id]);
    expect(await list(o.session, "?channel=avito")).toEqual([b.id]);
    expect(await list(o.session, `?integrationId=${tg}`)).toEqual([a.id]);
    expect(await list(o.session, "?unanswered=true")).toEqual([a.id]);
    expect(await list(o.session, "?unanswered=false")).toEqual([b.id]);
    expect(await list(o.session, "?unansweredMinutes=60")).toEqual([]);
    expect(await list(o.session, `?contactId=${contact.id}`)).toEqual([a.id]);
    expect(await list(o.session, `?dealId=${deal.id}`)).toEqual([b.id]);
    expect((await call(o.session, "GET", "/api/conversations?channel=icq")).statusCode).toBe(422);
  });

  it("pages a thread newest first, or oldest first with order=asc", async () => {
    const o = await owner();
    const c = await seedConversation(t, o.workspaceId, await seedChannel(t, o.workspaceId), {
      at: new Date(Date.now() - HOUR),
      text: "первое",
    });
    await t.database.db.insert(messages).values({
      workspaceId: o.workspaceId,
      id: "m2",
      conversationId: c.id,
      integrationId: (await t.database.db.select().from(conversations).where(eq(conversations.id, c.id)))[0]
        ?.integrationId as string,
      direction: "inbound",
      externalId: `${c.externalChatId}:2`,
      text: "второе",
      status: "received",
    });
    const url = `/api/conversations/${c.id}/messages`;
    const p1 = (await call(o.session, "GET", `${url}?limit=1`)).json();
    expect(p1.items.map((m: { text: string }) => m.text)).toEqual(["второе"]);
    const p2 = (await call(o.session, "GET", `${url}?limit=1&cursor=${p1.nextCursor}`)).json();
    expect(p2).toMatchObject({ items: [{ text: "первое", direction: "inbound" }], nextCursor: null });
    const asc = (await call(o.session, "GET", `${url}?order=asc`)).json();
    expect(asc.items.map((m: { text: string }) => m.text)).toEqual(["первое", "второе"]);
  });

  it("answers 404 everywhere for another workspace's conversation and leaves it out of lists", async () => {
    const a = await owner();
    const b = await owner();
    const theirs = await seedConversation(t, b.workspaceId, await seedChannel(t, b.workspaceId));
    expect(await list(a.session)).toEqual([]);
    const base = `/api/conversations/${theirs.id}`;
    for (const [method, url, body] of [
      ["GET", base],
      ["GET", `${base}/messages`],
      ["POST", `${base}/read`],
      ["PATCH", base, { assigneeId: a.userId }],
      ["POST", `${base}/messages`, { text: "Здравствуйте" }],
    ] as const) {
      expect((await call(a.session, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    const [row] = await t.database.db.select().from(conversations).where(eq(conversations.id, theirs.id));
    expect(row).toMatchObject({ unreadCount: 1, assigneeId: null });
  });

  it("shows a member with `own` visibility only conversations of their records, assigned to them, or unlinked", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const channel = await seedChannel(t, w.workspaceId);
    const mine = (await call(w.colleague, "POST", "/api/contacts", { firstName: "Мой" })).json();
    const owners = (await call(w.owner, "POST", "/api/contacts", { firstName: "Чужой" })).json();
    const ownersDeal = (await call(w.owner, "POST", "/api/deals", { title: "Чужая" })).json();
    const ofMine = await seedConversation(t, w.workspaceId, channel, { contactId: mine.id });
    const ofOwners = await seedConversation(t, w.workspaceId, channel, { contactId: owners.id });
    const ofOwnersDeal = await seedConversation(t, w.workspaceId, channel, { dealId: ownersDeal.id });
    const assigned = await seedConversation(t, w.workspaceId, channel, {
      contactId: owners.id,
      assigneeId: w.colleagueId,
    });
    const unlinked = await seedConversation(t, w.workspaceId, channel);
    expect((await list(w.colleague)).sort()).toEqual([ofMine.id, assigned.id, unlinked.id].sort());
    expect((await call(w.colleague, "GET", `/api/conversations/${ofOwners.id}`)).statusCode).toBe(404);
    expect(
      (await call(w.colleague, "GET", `/api/conversations/${ofOwnersDeal.id}/messages`)).statusCode,
    ).toBe(404);
    expect(await list(w.owner)).toHaveLength(5);
  });

  it("assigns to a member, links a deal of the same contact, refuses others with 404", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "manager");
    const stranger = await owner();
    const contact = (await call(w.owner, "POST", "/api/contacts", { firstName: "Анна" })).json();
    const other = (await call(w.owner, "POST", "/api/contacts", { firstName: "Борис" })).json();
    const deal = (
      await call(w.owner, "POST", "/api/deals", { title: "Её", contactIds: [contact.id] })
    ).json();
    const foreign = (
      await call(w.owner, "POST", "/api/deals", { title: "Его", contactIds: [other.id] })
    ).json();
    const c = await seedConversation(t, w.workspaceId, await seedChannel(t, w.workspaceId), {
      contactId: contact.id,
    });
    const url = `/api/conversations/${c.id}`;
    expect((await call(w.owner, "PATCH", url, { assigneeId: stranger.userId })).statusCode).toBe(404);
    expect((await call(w.owner, "PATCH", url, { dealId: foreign.id })).statusCode).toBe(404);
    const res = await call(w.owner, "PATCH", url, { assigneeId: w.colleagueId, dealId: deal.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ assigneeId: w.colleagueId, dealId: deal.id, dealTitle: "Её" });
    expect(await list(w.colleague, "?mine=true")).toEqual([c.id]);
    expect((await call(w.owner, "PATCH", url, { assigneeId: null })).json().assigneeId).toBeNull();
  });

  it("refuses a free-form WhatsApp reply outside the 24-hour window with 422 and stores nothing", async () => {
    const o = await owner();
    const c = await seedConversation(t, o.workspaceId, await seedChannel(t, o.workspaceId, "whatsapp"), {
      at: new Date(Date.now() - 25 * HOUR),
    });
    const res = await call(o.session, "POST", `/api/conversations/${c.id}/messages`, {
      text: "Вы ещё с нами?",
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("24 hours"),
      details: { reason: "whatsapp_window_closed" },
    });
    const rows = await t.database.db.select().from(messages).where(eq(messages.conversationId, c.id));
    expect(rows).toHaveLength(1);
    expect(
      (await call(o.session, "POST", `/api/conversations/${c.id}/messages`, { text: "" })).statusCode,
    ).toBe(422);
  });

  it("answers 401 to anonymous calls", async () => {
    for (const [method, url] of [
      ["GET", "/api/conversations"],
      ["GET", "/api/conversations/x"],
      ["POST", "/api/conversations/x/messages"],
    ] as const) {
      expect(
        (await call({ headers: {} }, method, url, method === "POST" ? { text: "a" } : undefined)).statusCode,
      ).toBe(401);
    }
  });
});
