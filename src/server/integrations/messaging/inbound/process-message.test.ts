// The processing rules, driven the way production drives them: the Telegram fake pushes to the app.
// A first message makes a contact and a deal or an Unsorted lead, in the channel's workspace only, and
// shows on the contact's and the deal's timeline. Matching and assignment: matching.test.ts.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textUpdate } from "../../../../../test/fakes/telegram.ts";
import { type HookKit, startHookKit } from "../../../../../test/support/telegram-hooks.ts";
import { waitFor } from "../../../../../test/support/wait.ts";
import {
  contacts,
  conversations,
  dealContacts,
  deals,
  leadSources,
  pipelines,
  unsortedLeads,
} from "../../../db/schema/index.ts";

let chat = 500_000_000;

describe("processing an inbound message", () => {
  let k: HookKit;
  beforeAll(async () => {
    k = await startHookKit();
  });
  afterAll(() => k.close());
  const db = () => k.t.database.db;

  it("makes a contact, a conversation, a message and a deal in the first stage with the channel's defaults", async () => {
    const o = await k.owner();
    const source = (
      await k.call(o.session, "POST", "/api/sources", { name: "Бот в Telegram", kind: "telegram" })
    ).json();
    await k.connect(o.workspaceId, {
      autoCreateDeal: true,
      defaultSourceId: source.id,
      defaultAssigneeId: o.userId,
    });
    const chatId = ++chat;
    const first = textUpdate({ chatId, text: "Здравствуйте, есть ли в наличии диван «Остин»?" });
    await k.push(first);

    const contact = await k.one(db().select().from(contacts).where(eq(contacts.workspaceId, o.workspaceId)));
    expect(contact).toMatchObject({
      firstName: "Ольга",
      lastName: "Смирнова",
      telegramId: String(chatId),
      telegramUsername: "olga_s",
      sourceId: source.id,
      ownerId: o.userId,
    });
    const [pipeline] = await db().select().from(pipelines).where(eq(pipelines.workspaceId, o.workspaceId));
    const deal = await k.one(db().select().from(deals).where(eq(deals.workspaceId, o.workspaceId)));
    expect(deal).toMatchObject({
      title: "Telegram: Ольга Смирнова",
      pipelineId: pipeline?.id,
      stageId: (await k.firstOpenStage(o.workspaceId, pipeline?.id ?? ""))?.id,
      status: "open",
      sourceId: source.id,
      ownerId: o.userId,
    });
    expect(await db().select().from(dealContacts).where(eq(dealContacts.dealId, deal.id))).toMatchObject([
      { contactId: contact.id },
    ]);
    const conversation = await k.one(
      db().select().from(conversations).where(eq(conversations.workspaceId, o.workspaceId)),
    );
    const sentAt = new Date((first.message?.date ?? 0) * 1000);
    expect(conversation).toMatchObject({
      externalChatId: String(chatId),
      title: "Ольга Смирнова",
      contactId: contact.id,
      dealId: deal.id,
      assigneeId: o.userId,
      unreadCount: 1,
      firstInboundAt: sentAt,
      lastInboundAt: sentAt,
      lastMessageAt: sentAt,
    });

    // The same person again: the same conversation, contact and deal; nothing goes to Unsorted.
    await k.push(textUpdate({ chatId, text: "И сколько стоит доставка?" }));
    expect(await k.counts(o.workspaceId)).toEqual({
      conversations: 1,
      messages: 2,
      contacts: 1,
      deals: 1,
      leads: 0,
    });
    expect(
      await k.one(db().select().from(conversations).where(eq(conversations.id, conversation.id))),
    ).toMatchObject({
      unreadCount: 2,
      dealId: deal.id,
    });

    for (const [recordType, recordId] of [
      ["contact", contact.id],
      ["deal", deal.id],
    ]) {
      await waitFor(async () => {
        const timeline = (
          await k.call(o.session, "GET", `/api/timeline?recordType=${recordType}&recordId=${recordId}`)
        ).json();
        const received = timeline.items.filter((e: { kind: string }) => e.kind === "message_received");
        return received.length === 2 && received[0].data.conversationId === conversation.id;
      }, `both messages on the ${recordType}'s timeline`);
    }
  });

  it("puts a new chat into Unsorted when the channel makes no deals, with the contact and the first message", async () => {
    const o = await k.owner();
    const { id: integrationId } = await k.connect(o.workspaceId);
    const chatId = ++chat;
    await k.push(textUpdate({ chatId, text: "Добрый день! Нужна консультация" }));
    await k.push(textUpdate({ chatId, text: "Вы тут?" }));
    expect(await k.counts(o.workspaceId)).toEqual({
      conversations: 1,
      messages: 2,
      contacts: 1,
      deals: 0,
      leads: 1,
    });
    const contact = await k.one(db().select().from(contacts).where(eq(contacts.workspaceId, o.workspaceId)));
    // No default source: the workspace's source of the channel's kind.
    const telegramSource = await k.one(
      db()
        .select()
        .from(leadSources)
        .where(and(eq(leadSources.workspaceId, o.workspaceId), eq(leadSources.kind, "telegram"))),
    );
    const lead = await k.one(
      db().select().from(unsortedLeads).where(eq(unsortedLeads.workspaceId, o.workspaceId)),
    );
    expect(lead).toMatchObject({
      channel: "telegram",
      status: "pending",
      sourceId: telegramSource.id,
      title: "Telegram: Ольга Смирнова",
      contact: { name: "Ольга Смирнова", telegramId: String(chatId), telegramUsername: "olga_s" },
      payload: {
        integrationId,
        contactId: contact.id,
        message: {
          text: "Добрый день! Нужна консультация",
          externalId: expect.stringMatching(`^${chatId}:`),
        },
      },
    });
    expect(contact).toMatchObject({ sourceId: telegramSource.id, ownerId: null });
  });

  it("keeps everything in the channel's workspace: another workspace lists nothing", async () => {
    const a = await k.owner();
    const b = await k.owner();
    await k.connect(a.workspaceId, { autoCreateDeal: true });
    await k.push(textUpdate({ chatId: ++chat, text: "Привет" }));
    for (const path of ["/api/contacts", "/api/deals", "/api/unsorted"]) {
      expect((await k.call(b.session, "GET", path)).json().items, path).toEqual([]);
    }
    expect((await k.call(a.session, "GET", "/api/contacts")).json().items).toHaveLength(1);
    expect((await k.call(a.session, "GET", "/api/deals")).json().items).toHaveLength(1);
    expect(await k.counts(b.workspaceId)).toEqual({
      conversations: 0,
      messages: 0,
      contacts: 0,
      deals: 0,
      leads: 0,
    });
  });

  it("keeps a chat without a contact when the channel creates none, and still lists it in Unsorted", async () => {
    const o = await k.owner();
    await k.connect(o.workspaceId, { autoCreateContact: false, autoCreateDeal: true });
    await k.push(textUpdate({ chatId: ++chat, text: "Просто вопрос" }));
    expect(await k.counts(o.workspaceId)).toEqual({
      conversations: 1,
      messages: 1,
      contacts: 0,
      deals: 0,
      leads: 1,
    });
    const lead = await k.one(
      db().select().from(unsortedLeads).where(eq(unsortedLeads.workspaceId, o.workspaceId)),
    );
    expect(lead.payload).toMatchObject({ contactId: null });
  });
});
