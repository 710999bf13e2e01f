// The WhatsApp receiver over real HTTP: the fake makes Meta's handshake and pushes signed deliveries to
// the app listening on a port. What is refused stores nothing; what is acknowledged is committed once.
import { createHmac } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newWamid } from "../../../../../test/fakes/whatsapp.ts";
import { startWhatsAppKit, WHATSAPP, type WhatsAppKit } from "../../../../../test/support/channel-hooks.ts";
import { contacts, conversations, deals, messages, outbox, unsortedLeads } from "../../../db/schema/index.ts";
import { newId } from "../../../platform/ids.ts";
import { HOOK_BODY_LIMIT_BYTES } from "./hook-integration.ts";

const nothing = { conversations: 0, messages: 0, contacts: 0, deals: 0, leads: 0 };
let phone = 79_161_000_000;

describe("/api/hooks/whatsapp/:integrationId", () => {
  let k: WhatsAppKit;
  beforeAll(async () => {
    k = await startWhatsAppKit();
  });
  afterAll(() => k.close());

  const signed = (url: string, raw: string, secret = WHATSAPP.appSecret) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`,
      },
      body: raw,
    });

  it("answers Meta's handshake with the challenge for the right verify token, 403 otherwise", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl, verifyToken } = await k.connectWhatsApp(workspaceId);
    const ok = await k.wa.handshake(hookUrl, verifyToken, "1158201444");
    expect(ok).toMatchObject({ status: 200, body: "1158201444" });
    expect((await k.wa.handshake(hookUrl, `${verifyToken}x`)).status).toBe(403);
    expect((await k.wa.handshake(`${k.appUrl}/api/hooks/whatsapp/nope`, verifyToken)).status).toBe(403);
    const res = await fetch(
      `${hookUrl}?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${verifyToken}`,
    );
    expect(res.status).toBe(403);
  });

  it("turns a signed first message into a contact, conversation, message and Unsorted lead, once", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl } = await k.connectWhatsApp(workspaceId);
    const from = String(++phone);
    const id = newWamid();
    const input = {
      from,
      id,
      name: "Иван Петров",
      text: "Добрый день! Когда доставка?",
      timestamp: 1718000000,
    };
    const first = await k.wa.pushMessage(hookUrl, input);
    expect(first.status).toBe(200);
    const once = { ...nothing, conversations: 1, messages: 1, contacts: 1, leads: 1 };
    expect(await k.counts(workspaceId)).toEqual(once);
    expect((await k.wa.pushMessage(hookUrl, input)).status).toBe(200);
    expect(await k.counts(workspaceId)).toEqual(once);

    const db = k.t.database.db;
    const contact = await k.one(db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId)));
    expect(contact).toMatchObject({ firstName: "Иван Петров", whatsappId: from });
    expect(JSON.stringify(contact.phones)).toContain(`+${from}`);
    const chat = await k.one(
      db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId)),
    );
    expect(chat).toMatchObject({ externalChatId: from, title: "Иван Петров", contactId: contact.id });
    const message = await k.one(db.select().from(messages).where(eq(messages.workspaceId, workspaceId)));
    expect(message).toMatchObject({
      direction: "inbound",
      status: "received",
      externalId: id,
      text: "Добрый день! Когда доставка?",
      sentAt: new Date(1718000000 * 1000),
    });
    const lead = await k.one(
      db.select().from(unsortedLeads).where(eq(unsortedLeads.workspaceId, workspaceId)),
    );
    expect(lead).toMatchObject({ channel: "whatsapp" });
  });

  it("makes a deal for a new chat when the channel creates deals, and finds the contact by whatsappId next time", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl } = await k.connectWhatsApp(workspaceId, { autoCreateDeal: true });
    const from = String(++phone);
    expect((await k.wa.pushMessage(hookUrl, { from, name: "Ольга", text: "Здравствуйте" })).status).toBe(200);
    expect((await k.wa.pushMessage(hookUrl, { from, text: "Есть в наличии?" })).status).toBe(200);
    expect(await k.counts(workspaceId)).toEqual({
      conversations: 1,
      messages: 2,
      contacts: 1,
      deals: 1,
      leads: 0,
    });
    const deal = await k.one(k.t.database.db.select().from(deals).where(eq(deals.workspaceId, workspaceId)));
    expect(deal.title).toBe("WhatsApp: Ольга");
  });

  it("refuses a forged or missing signature with 401 and stores nothing", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl } = await k.connectWhatsApp(workspaceId);
    const input = { from: String(++phone), text: "подделка" };
    for (const signature of ["forged", "none"] as const) {
      const res = await k.wa.pushMessage(hookUrl, input, { signature });
      expect(res.status, signature).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: "unauthenticated" } });
    }
    // Signed right, but for an id that names no channel: the same refusal.
    const other = await k.wa.pushMessage(`${k.appUrl}/api/hooks/whatsapp/${newId()}`, input);
    expect(other.status).toBe(401);
    expect(await k.counts(workspaceId)).toEqual(nothing);
  });

  it("answers malformed JSON with 400 and a body over 10 MB with 413, storing nothing", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl } = await k.connectWhatsApp(workspaceId);
    const broken = await signed(hookUrl, '{"object": "whatsapp_business_account", "entry": [');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "invalid_json" } });
    const huge = await signed(hookUrl, JSON.stringify({ pad: "x".repeat(HOOK_BODY_LIMIT_BYTES) }));
    expect(huge.status).toBe(413);
    expect(await k.counts(workspaceId)).toEqual(nothing);
  });

  it("moves an outbound message forward with statuses, never back, and ignores unknown ids", async () => {
    const { workspaceId } = await k.owner();
    const { id: integrationId, hookUrl } = await k.connectWhatsApp(workspaceId);
    const to = String(++phone);
    // A conversation with one message we sent (as the sending job will store it).
    expect((await k.wa.pushMessage(hookUrl, { from: to, text: "Вопрос" })).status).toBe(200);
    const db = k.t.database.db;
    const chat = await k.one(
      db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId)),
    );
    const wamid = newWamid();
    const failing = newWamid();
    for (const externalId of [wamid, failing]) {
      await db.insert(messages).values({
        workspaceId,
        id: newId(),
        conversationId: chat.id,
        integrationId,
        direction: "outbound",
        externalId,
        text: "Ответ",
        status: "queued",
      });
    }
    const stored = async (externalId: string) =>
      k.one(
        db
          .select()
          .from(messages)
          .where(and(eq(messages.workspaceId, workspaceId), eq(messages.externalId, externalId))),
      );
    const push = async (status: "sent" | "delivered" | "read" | "failed", timestamp: number, id = wamid) =>
      expect((await k.wa.pushStatus(hookUrl, { id, status, timestamp, recipientId: to })).status).toBe(200);

    await push("sent", 1718000100);
    expect(await stored(wamid)).toMatchObject({ status: "sent", sentAt: new Date(1718000100_000) });
    await push("read", 1718000300);
    expect(await stored(wamid)).toMatchObject({
      status: "read",
      deliveredAt: new Date(1718000300_000),
      readAt: new Date(1718000300_000),
    });
    // Late and out of order: "delivered" and "failed" after "read" change nothing.
    await push("delivered", 1718000200);
    await push("failed", 1718000400);
    expect(await stored(wamid)).toMatchObject({
      status: "read",
      readAt: new Date(1718000300_000),
      error: null,
    });

    const window = {
      code: 131047,
      title: "Re-engagement message",
      details: "More than 24 hours have passed",
    };
    const res = await k.wa.pushStatus(hookUrl, { id: failing, status: "failed", error: window });
    expect(res.status).toBe(200);
    expect(await stored(failing)).toMatchObject({
      status: "failed",
      error: "(#131047) Re-engagement message: More than 24 hours have passed",
    });
    await push("delivered", 1718000500, failing);
    expect((await stored(failing)).status).toBe("failed");

    // A status of a message the CRM never sent is acknowledged and changes nothing.
    await push("delivered", 1718000600, newWamid());
    expect(await k.counts(workspaceId)).toMatchObject({ conversations: 1, messages: 3 });

    // Each change, and only a change, is announced: the open thread updates without a reload.
    const events = await db
      .select({ topic: outbox.topic, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), like(outbox.topic, "message.%")))
      .orderBy(outbox.id);
    const ids = { [(await stored(wamid)).id]: "wamid", [(await stored(failing)).id]: "failing" };
    expect(
      events
        .filter((e) => e.topic !== "message.received")
        .map((e) => [e.topic, ids[String(e.payload.id)], e.payload.conversationId]),
    ).toEqual([
      ["message.sent", "wamid", chat.id],
      ["message.read", "wamid", chat.id],
      ["message.failed", "failing", chat.id],
    ]);
  });
});
