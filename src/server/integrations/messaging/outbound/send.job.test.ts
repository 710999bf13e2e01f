import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateChat, startTelegramFake, type TelegramFake } from "../../../../../test/fakes/telegram.ts";
import { startWhatsAppFake, type WhatsAppFake } from "../../../../../test/fakes/whatsapp.ts";
import { createTestApp, type TestApp } from "../../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../../test/support/auth.ts";
import {
  BOT_TOKEN,
  seedChannel,
  seedConversation,
  WHATSAPP,
} from "../../../../../test/support/conversations.ts";
import { waitFor } from "../../../../../test/support/wait.ts";
import { caller, meOf } from "../../../../../test/support/workspace.ts";
import { queryRows } from "../../../db/client.ts";
import { messages, outbox } from "../../../db/schema/index.ts";

const HOUR = 3600_000;

describe("replies and the send job", () => {
  let t: TestApp;
  let telegram: TelegramFake;
  let whatsapp: WhatsAppFake;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    telegram = await startTelegramFake({ tokens: [BOT_TOKEN] });
    whatsapp = await startWhatsAppFake({ ...WHATSAPP });
    t = await createTestApp({
      env: { FLAME_TELEGRAM_API_URL: telegram.url, FLAME_WHATSAPP_API_URL: whatsapp.url },
    });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await telegram.close();
    await whatsapp.close();
  });

  const owner = async () => {
    const session = await signUp(t.app);
    const me = await meOf(t.app, session);
    return { session, workspaceId: me.activeWorkspace.id as string, userId: me.user.id as string };
  };
  const telegramChat = async (workspaceId: string, links: { contactId?: string; dealId?: string } = {}) => {
    const c = await seedConversation(t, workspaceId, await seedChannel(t, workspaceId, "telegram"), {
      at: new Date(Date.now() - 90_000),
      ...links,
    });
    telegram.addChat(privateChat(Number(c.externalChatId)));
    return c;
  };
  const send = async (s: Session, conversationId: string, body: object) => {
    const res = await call(s, "POST", `/api/conversations/${conversationId}/messages`, body);
    expect(res.statusCode, res.body).toBe(202);
    return res.json() as { id: string; status: string; authorId: string };
  };
  const messageRow = async (id: string) =>
    (await t.database.db.select().from(messages).where(eq(messages.id, id)))[0];
  const settled = (id: string) =>
    waitFor(async () => {
      const row = await messageRow(id);
      return row && row.status !== "queued" ? row : undefined;
    }, `message ${id} to leave queued`);
  const topics = async (workspaceId: string) =>
    (
      await t.database.db
        .select({ topic: outbox.topic, payload: outbox.payload })
        .from(outbox)
        .where(and(eq(outbox.workspaceId, workspaceId), sql`${outbox.topic} like 'message.%'`))
        .orderBy(asc(outbox.id))
    ).map((e) => e.topic);
  /** A contact and a deal of theirs, for a conversation linked to both. */
  const contactAndDeal = async (s: Session) => {
    const contactId = (await call(s, "POST", "/api/contacts", { firstName: "Ольга" })).json().id as string;
    const dealId = (
      await call(s, "POST", "/api/deals", { title: "Доставка", contactIds: [contactId] })
    ).json().id as string;
    return { contactId, dealId };
  };
  /** Waits for one timeline entry of `kind` about the message on both the contact and the deal. */
  const onTimelines = async (
    s: Session,
    links: { contactId: string; dealId: string },
    kind: string,
    id: string,
  ) => {
    for (const [recordType, recordId] of [
      ["contact", links.contactId],
      ["deal", links.dealId],
    ]) {
      await waitFor(async () => {
        const res = await call(s, "GET", `/api/timeline?recordType=${recordType}&recordId=${recordId}`);
        const items: { kind: string; data: { id?: string } }[] = res.json().items;
        return items.filter((e) => e.kind === kind && e.data.id === id).length === 1;
      }, `${kind} on the ${recordType}'s timeline`);
    }
  };
  const jobStates = async (messageId: string) =>
    (
      await queryRows<{ state: string }>(
        t.database.db,
        sql`select state from pgboss.job where name = 'messaging.send' and data->>'messageId' = ${messageId}`,
      )
    ).map((r) => r.state);
  // The message is failed inside the handler, a moment before pg-boss marks its job done.
  const jobCompleted = (messageId: string) =>
    waitFor(async () => {
      const states = await jobStates(messageId);
      return states.length > 0 && !states.some((s) => s === "active" || s === "created") ? states : undefined;
    }, `the send job of ${messageId} to finish`);

  it("queues the reply (202), sends it through Telegram and records the external id and response time", async () => {
    const o = await owner();
    const links = await contactAndDeal(o.session);
    const c = await telegramChat(o.workspaceId, links);
    const queued = await send(o.session, c.id, { text: "Доставка 300 ₽, завтра" });
    expect(queued).toMatchObject({ status: "queued", authorId: o.userId, direction: "outbound" });
    const sent = await settled(queued.id);
    const wire = telegram.sent.find((m) => String(m.chatId) === c.externalChatId);
    expect(wire?.text).toBe("Доставка 300 ₽, завтра");
    expect(sent).toMatchObject({
      status: "sent",
      error: null,
      externalId: `${c.externalChatId}:${wire?.message.message_id}`,
    });
    expect(sent?.sentAt).toBeInstanceOf(Date);
    const view = (await call(o.session, "GET", `/api/conversations/${c.id}`)).json();
    expect(view).toMatchObject({ unanswered: false, lastMessage: { direction: "outbound", status: "sent" } });
    expect(view.firstResponseSeconds).toBeGreaterThanOrEqual(89);
    expect(await topics(o.workspaceId)).toEqual(["message.queued", "message.sent"]);
    await onTimelines(o.session, links, "message_sent", queued.id);
  });

  it("keeps a rate-limited message queued with the error visible, then sends it after retry_after", async () => {
    const o = await owner();
    const c = await telegramChat(o.workspaceId);
    telegram.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      retry_after: 1,
    });
    const queued = await send(o.session, c.id, { text: "Повторите позже" });
    const waiting = await waitFor(async () => {
      const row = await messageRow(queued.id);
      return row?.error ? row : undefined;
    }, "the rate-limit error");
    expect(waiting).toMatchObject({ status: "queued", error: expect.stringContaining("Too Many Requests") });
    const thread = (await call(o.session, "GET", `/api/conversations/${c.id}/messages`)).json();
    expect(thread.items[0]).toMatchObject({ status: "queued", error: expect.stringContaining("retry") });
    expect(await settled(queued.id)).toMatchObject({ status: "sent", error: null });
  });

  it("fails a message to a chat that blocked the bot, with Telegram's reason, and does not retry", async () => {
    const o = await owner();
    const links = await contactAndDeal(o.session);
    const c = await telegramChat(o.workspaceId, links);
    telegram.blockChat(Number(c.externalChatId));
    const queued = await send(o.session, c.id, { text: "Вы тут?" });
    const failed = await settled(queued.id);
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("bot was blocked") });
    expect(await jobCompleted(queued.id)).toEqual(["completed"]);
    expect(await topics(o.workspaceId)).toEqual(["message.queued", "message.failed"]);
    await onTimelines(o.session, links, "message_failed", queued.id);
  });

  it("sends WhatsApp text inside the window, a template outside it, and fails on 131047", async () => {
    const o = await owner();
    const channel = await seedChannel(t, o.workspaceId, "whatsapp");
    const fresh = await seedConversation(t, o.workspaceId, channel, { externalChatId: "79161234567" });
    const text = await send(o.session, fresh.id, { text: "Добрый день" });
    const sent = await settled(text.id);
    const wire = whatsapp.sent.find((m) => m.to === "79161234567");
    expect(wire?.text).toBe("Добрый день");
    expect(sent).toMatchObject({ status: "sent", externalId: wire?.id });

    const stale = await seedConversation(t, o.workspaceId, channel, {
      externalChatId: "79167654321",
      at: new Date(Date.now() - 30 * HOUR),
    });
    const template = await send(o.session, stale.id, { template: { name: "follow_up", language: "ru" } });
    expect(await settled(template.id)).toMatchObject({ status: "sent" });
    expect(whatsapp.sent.find((m) => m.to === "79167654321")?.template).toMatchObject({
      name: "follow_up",
      language: "ru",
    });

    // Our clock says the window is open, Meta's says closed: the provider's refusal is final.
    const closed = await seedConversation(t, o.workspaceId, channel, { externalChatId: "79160000000" });
    whatsapp.closeWindow("79160000000");
    const refused = await send(o.session, closed.id, { text: "Ещё вопрос" });
    expect(await settled(refused.id)).toMatchObject({ status: "failed", error: expect.any(String) });
    expect(await jobCompleted(refused.id)).toEqual(["completed"]);
  });

  it("refuses a template on a Telegram chat", async () => {
    const o = await owner();
    const c = await telegramChat(o.workspaceId);
    const res = await call(o.session, "POST", `/api/conversations/${c.id}/messages`, {
      template: { name: "x", language: "ru" },
    });
    expect(res.statusCode).toBe(422);
  });
});
