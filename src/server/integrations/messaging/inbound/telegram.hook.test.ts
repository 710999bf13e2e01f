// The Telegram receiver over real HTTP: the fake pushes Updates to the app listening on a port, as
// Telegram would. What is refused stores nothing; what is acknowledged is committed, and stored once.
import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageUpdate, telegramUser, textUpdate } from "../../../../../test/fakes/telegram.ts";
import { type HookKit, startHookKit } from "../../../../../test/support/telegram-hooks.ts";
import { messages, outbox } from "../../../db/schema/index.ts";
import { newSecretToken } from "../telegram/secrets.ts";
import type { TelegramUpdate } from "../telegram/types.ts";
import { HOOK_BODY_LIMIT_BYTES } from "./hook-integration.ts";

type ErrorBody = { error: { code: string } };
const nothing = { conversations: 0, messages: 0, contacts: 0, deals: 0, leads: 0 };
let chat = 700_000_000;

describe("POST /api/hooks/telegram/:integrationId", () => {
  let k: HookKit;
  beforeAll(async () => {
    k = await startHookKit();
  });
  afterAll(() => k.close());

  const post = (url: string, body: string, secret: string | null) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret !== null && { "X-Telegram-Bot-Api-Secret-Token": secret }),
      },
      body,
    });

  it("stores a first message, and a replayed update stores nothing new", async () => {
    const { workspaceId } = await k.owner();
    await k.connect(workspaceId);
    const update = textUpdate({ chatId: ++chat, text: "Здравствуйте, есть ли диван «Остин»?" });
    expect(await k.fake.pushUpdate(update)).toBe(200);
    // The answer came after the commit: the rows are there now, not eventually.
    const once = { ...nothing, conversations: 1, messages: 1, contacts: 1, leads: 1 };
    expect(await k.counts(workspaceId)).toEqual(once);
    expect(await k.fake.pushUpdate(update)).toBe(200);
    expect(await k.counts(workspaceId)).toEqual(once);
    const [stored] = await k.t.database.db
      .select()
      .from(messages)
      .where(eq(messages.workspaceId, workspaceId));
    expect(stored).toMatchObject({
      direction: "inbound",
      status: "received",
      externalId: `${chat}:${update.message?.message_id}`,
      text: "Здравствуйте, есть ли диван «Остин»?",
      sentAt: new Date((update.message?.date ?? 0) * 1000),
    });
  });

  it("makes one conversation and one contact of a new chat's messages delivered in parallel", async () => {
    const { workspaceId } = await k.owner();
    await k.connect(workspaceId, { autoCreateDeal: true });
    const chatId = ++chat;
    const burst = [1, 2, 3].map((i) => textUpdate({ chatId, text: `Сообщение ${i}` }));
    // Telegram opens up to 40 connections; the same update may also be in flight twice.
    const statuses = await Promise.all([...burst, burst[0]!].map((u) => k.fake.pushUpdate(u)));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(await k.counts(workspaceId)).toEqual({
      conversations: 1,
      messages: 3,
      contacts: 1,
      deals: 1,
      leads: 0,
    });
  });

  it("refuses a forged or missing secret with 401 JSON and stores nothing; Telegram's retries are stored once", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl } = await k.connect(workspaceId);
    const chatId = ++chat;
    const forged = textUpdate({ chatId, text: "первое" });
    const bare = textUpdate({ chatId, text: "второе" });
    expect(await k.fake.pushUpdate(forged, { secretToken: newSecretToken() })).toBe(401);
    expect(await k.fake.pushUpdate(bare, { secretToken: null })).toBe(401);
    const res = await post(hookUrl, JSON.stringify(forged), "wrong");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
    expect(await k.counts(workspaceId)).toEqual(nothing);
    // Telegram keeps both and delivers them again, now with the right header.
    expect(await k.fake.redeliverPending()).toEqual([200, 200]);
    expect(await k.fake.redeliverPending()).toEqual([]);
    expect(await k.counts(workspaceId)).toMatchObject({ conversations: 1, messages: 2, contacts: 1 });
  });

  it("answers an unknown, disconnected or foreign integration exactly like a wrong secret", async () => {
    const a = await k.owner();
    const b = await k.owner();
    const channelA = await k.connect(a.workspaceId);
    const channelB = await k.connect(b.workspaceId);
    const off = await k.connect(a.workspaceId, { status: "disconnected" });
    const body = JSON.stringify(textUpdate({ chatId: ++chat, text: "?" }));
    const refused = await post(channelA.hookUrl, body, "wrong-secret");
    const answers = [
      await post(`${k.appUrl}/api/hooks/telegram/nope`, body, channelA.secret),
      await post(off.hookUrl, body, off.secret),
      // B's secret does not open A's channel: the workspace comes from the secret, not the URL.
      await post(channelA.hookUrl, body, channelB.secret),
    ];
    const expected = await refused.json();
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(expected);
    }
    expect(await k.counts(a.workspaceId)).toEqual(nothing);
    expect(await k.counts(b.workspaceId)).toEqual(nothing);
  });

  it("answers malformed JSON or a body that is not an Update with 400, storing nothing", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl, secret } = await k.connect(workspaceId);
    const broken = await post(hookUrl, '{"update_id": 1, "message": {', secret);
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as ErrorBody).error.code).toBe("invalid_json");
    for (const body of ['{"hello": "world"}', "[]", "null"]) {
      const res = await post(hookUrl, body, secret);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe("bad_request");
    }
    expect(await k.counts(workspaceId)).toEqual(nothing);
  });

  it("answers 413 above 10 MB (after checking the secret), storing nothing", async () => {
    const { workspaceId } = await k.owner();
    const { hookUrl, secret } = await k.connect(workspaceId);
    const huge = JSON.stringify(textUpdate({ chatId: ++chat, text: "x".repeat(HOOK_BODY_LIMIT_BYTES) }));
    const res = await post(hookUrl, huge, secret);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe("payload_too_large");
    expect((await post(hookUrl, huge, "wrong")).status).toBe(401);
    // Just under the limit is an ordinary (long) message.
    const big = textUpdate({ chatId: chat, text: "y".repeat(2 * 1024 * 1024) });
    expect(await k.fake.pushUpdate(big)).toBe(200);
    expect(await k.counts(workspaceId)).toMatchObject({ conversations: 1, messages: 1 });
  });

  it("acknowledges update kinds it does not read, and messages from bots, without storing them", async () => {
    const { workspaceId } = await k.owner();
    await k.connect(workspaceId);
    const from = telegramUser(++chat);
    const ignored: TelegramUpdate[] = [
      { update_id: 1, callback_query: { id: "1", from, data: "buy" } },
      { update_id: 2, my_chat_member: { chat: { id: chat, type: "private" }, from } },
      // A channel post has no sender; another bot in a group is not a client.
      {
        update_id: 3,
        message: { message_id: 1, chat: { id: -100123, type: "channel" }, date: 1, text: "x" },
      },
      textUpdate({ chatId: -4001, text: "я бот", from: { ...telegramUser(42), is_bot: true } }),
    ];
    for (const update of ignored) expect(await k.fake.pushUpdate(update), JSON.stringify(update)).toBe(200);
    expect(await k.counts(workspaceId)).toEqual(nothing);
  });

  it("applies an edited_message to the stored text; a redelivered edit changes nothing", async () => {
    const { workspaceId } = await k.owner();
    await k.connect(workspaceId);
    const chatId = ++chat;
    const original = textUpdate({ chatId, text: "Сколько стоит доставка?" });
    const messageId = original.message?.message_id ?? 0;
    const edit = messageUpdate({
      chatId,
      edited: true,
      fields: { message_id: messageId, text: "Сколько стоит доставка в Казань?" },
    });
    expect(await k.fake.pushUpdate(original)).toBe(200);
    expect(await k.fake.pushUpdate(edit)).toBe(200);
    expect(await k.fake.pushUpdate(edit)).toBe(200);
    const db = k.t.database.db;
    const rows = await db.select().from(messages).where(eq(messages.workspaceId, workspaceId));
    expect(rows.map((m) => [m.externalId, m.text])).toEqual([
      [`${chatId}:${messageId}`, "Сколько стоит доставка в Казань?"],
    ]);
    const topics = await db
      .select({ topic: outbox.topic })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), like(outbox.topic, "message.%")))
      .orderBy(asc(outbox.id));
    expect(topics.map((e) => e.topic)).toEqual(["message.received", "message.edited"]);
    // An edit of a message that never reached us is the message as it reads now.
    const unseen = messageUpdate({ chatId, edited: true, fields: { message_id: 9_999_999, text: "новое" } });
    expect(await k.fake.pushUpdate(unseen)).toBe(200);
    expect(await k.counts(workspaceId)).toMatchObject({ conversations: 1, messages: 2 });
  });
});
