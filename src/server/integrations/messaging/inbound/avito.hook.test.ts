// The Avito receiver over real HTTP: the fake pushes v3 envelopes to the subscribed URL (with its
// secret) of the app listening on a port, as Avito does: a probe, buyers' messages, our own echoes.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AVITO, type AvitoKit, startAvitoKit } from "../../../../../test/support/channel-hooks.ts";
import { waitFor } from "../../../../../test/support/wait.ts";
import { contacts, conversations, messages, unsortedLeads } from "../../../db/schema/index.ts";
import { newWebhookSecret, webhookUrlWithSecret } from "../avito/webhook.ts";

const nothing = { conversations: 0, messages: 0, contacts: 0, deals: 0, leads: 0 };

describe("POST /api/hooks/avito/:integrationId", () => {
  let k: AvitoKit;
  beforeAll(async () => {
    k = await startAvitoKit();
  });
  afterAll(() => k.close());

  const statuses = (pushed: { deliveries: { statuses: number[] }[] }) =>
    pushed.deliveries.map((d) => d.statuses);

  it("answers the empty probe with 200 and stores nothing", async () => {
    const { workspaceId } = await k.owner();
    await k.connectAvito(workspaceId);
    const deliveries = await k.avito.pushProbe();
    expect(deliveries.map((d) => d.statuses)).toEqual([[200]]);
    expect(await k.counts(workspaceId)).toEqual(nothing);
  });

  it("turns a buyer's message into a contact, conversation, message and lead; a replay is stored once", async () => {
    const { workspaceId } = await k.owner();
    await k.connectAvito(workspaceId);
    const pushed = await k.avito.pushMessage({ text: "Здравствуйте! Ещё продаёте?", itemId: 4123456789 });
    expect(statuses(pushed)).toEqual([[200]]);
    const once = { ...nothing, conversations: 1, messages: 1, contacts: 1, leads: 1 };
    expect(await k.counts(workspaceId)).toEqual(once);
    // Avito delivers again (its retry, or the same event twice).
    const url = k.avito.subscriptions[0] ?? "";
    const replay = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(pushed.envelope),
    });
    expect(replay.status).toBe(200);
    expect(await k.counts(workspaceId)).toEqual(once);

    const db = k.t.database.db;
    const value = pushed.envelope.payload.value;
    const chat = await k.one(
      db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId)),
    );
    expect(chat).toMatchObject({ externalChatId: pushed.chatId, listingId: "4123456789" });
    const message = await k.one(db.select().from(messages).where(eq(messages.workspaceId, workspaceId)));
    expect(message).toMatchObject({
      direction: "inbound",
      externalId: value.id,
      text: "Здравствуйте! Ещё продаёте?",
      sentAt: new Date(value.created * 1000),
    });
    const contact = await k.one(db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId)));
    expect(chat.contactId).toBe(contact.id);
    const lead = await k.one(
      db.select().from(unsortedLeads).where(eq(unsortedLeads.workspaceId, workspaceId)),
    );
    expect(lead).toMatchObject({ channel: "avito", title: "Авито: Объявление 4123456789" });
    // The listing is the lead's campaign: accepted, its deal is matched to the listing's ad spend.
    expect(lead.payload).toMatchObject({ utm_source: "avito", utm_campaign: "4123456789" });

    // The webhook has only ids; a job asks Avito for the chat: the listing's title, the buyer's name.
    const named = await waitFor(async () => {
      const [c] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
      return c?.firstName ? c : null;
    }, "the buyer's name from Avito");
    expect(named).toMatchObject({ firstName: "User", lastName: "187654321", avitoUserId: "187654321" });
    const [described] = await db.select().from(conversations).where(eq(conversations.id, chat.id));
    expect(described?.title).toBe("Listing 4123456789");
    expect(k.avito.requests).toContainEqual({
      method: "GET",
      path: `/messenger/v2/accounts/${AVITO.accountId}/chats/${pushed.chatId}`,
    });
  });

  it("knows a returning buyer by their Avito id, and accepting the chat's lead keeps its contact and links the chat", async () => {
    const { session, workspaceId } = await k.owner();
    await k.connectAvito(workspaceId);
    await k.avito.pushMessage({ text: "Диван ещё есть?", itemId: 4100000001, authorId: 187000001 });
    await k.avito.pushMessage({ text: "А кресло?", itemId: 4100000002, authorId: 187000001 });
    // Two enquiries (two leads) from one person (one contact).
    expect(await k.counts(workspaceId)).toMatchObject({ conversations: 2, contacts: 1, leads: 2 });
    const db = k.t.database.db;
    const [contact] = await db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId));
    expect(contact?.avitoUserId).toBe("187000001");
    const chats = await db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId));
    expect(chats.map((c) => c.listingId).sort()).toEqual(["4100000001", "4100000002"]);
    expect(chats.every((c) => c.contactId === contact?.id)).toBe(true);

    const [lead] = await db
      .select()
      .from(unsortedLeads)
      .where(eq(unsortedLeads.workspaceId, workspaceId))
      .orderBy(unsortedLeads.createdAt);
    if (!lead) throw new Error("no lead");
    const accepted = await k.call(session, "POST", `/api/unsorted/${lead.id}/accept`, {});
    expect(accepted.statusCode).toBe(200);
    const dealId = accepted.json().dealId;
    expect(await k.counts(workspaceId)).toMatchObject({ contacts: 1, deals: 1 });
    const chat = await k.one(
      db
        .select()
        .from(conversations)
        .where(eq(conversations.id, String(lead.payload.conversationId))),
    );
    expect(chat).toMatchObject({ dealId, contactId: contact?.id });
  });

  it("stores a buyer's photo, which the manager downloads through the CRM", async () => {
    const { session, workspaceId } = await k.owner();
    await k.connectAvito(workspaceId);
    const photo = Buffer.from("a jpeg of the sofa");
    const pushed = await k.avito.pushMessage({
      text: "",
      imageUrl: k.avito.addImage(photo),
      itemId: 4100000003,
    });
    expect(statuses(pushed)).toEqual([[200]]);
    const db = k.t.database.db;
    const message = await k.one(db.select().from(messages).where(eq(messages.workspaceId, workspaceId)));
    expect(message).toMatchObject({ text: null, media: [{ kind: "photo", fileId: expect.any(String) }] });
    const res = await k.call(
      session,
      "GET",
      `/api/conversations/${message.conversationId}/messages/${message.id}/media/0`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(photo)).toBe(true);
  });

  it("refuses a wrong or missing URL secret with 401 and stores nothing", async () => {
    const { workspaceId } = await k.owner();
    const { id } = await k.connectAvito(workspaceId);
    const base = `${k.appUrl}/api/hooks/avito/${id}`;
    await k.unsubscribeAll();
    for (const url of [webhookUrlWithSecret(base, newWebhookSecret()), base]) {
      k.avito.subscriptions.splice(0, Infinity, url);
      const pushed = await k.avito.pushMessage({ text: "Продаёте?" });
      expect(statuses(pushed), url).toEqual([[401]]);
    }
    expect(await k.counts(workspaceId)).toEqual(nothing);
  });

  it("skips our own echoes and events for another account with 200, storing nothing", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl } = await k.connectAvito(workspaceId);
    const echo = await k.avito.pushOwnEcho({ text: "Да, в наличии." });
    expect(statuses(echo)).toEqual([[200]]);
    expect(await k.counts(workspaceId)).toEqual(nothing);
    const pushed = await k.avito.pushMessage({ text: "Вопрос" });
    const envelope = structuredClone(pushed.envelope);
    envelope.payload.value = { ...envelope.payload.value, id: "other-message", user_id: AVITO.accountId + 1 };
    // Only the buyer's message above counts; the same event naming another account is dropped.
    const foreign = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(envelope),
    });
    expect(foreign.status).toBe(200);
    expect(await k.counts(workspaceId)).toMatchObject({ conversations: 1, messages: 1 });
  });
});
