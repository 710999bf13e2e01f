// The Avito messenger client against the fake over real HTTP: what it sends, what it reads back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AvitoFake, startAvitoFake } from "../../../../../test/fakes/avito.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { type AvitoClient, createAvitoClient } from "./client.ts";

const accountId = 94235311;

describe("Avito messenger client", () => {
  let fake: AvitoFake;
  let avito: AvitoClient;
  let chatId: string;
  beforeAll(async () => {
    fake = await startAvitoFake({ clientId: "app-1", clientSecret: "s3cret", accountId });
    avito = createAvitoClient({ baseUrl: fake.url, clientId: "app-1", clientSecret: "s3cret" });
    // No subscribers yet: these only fill the fake's chats.
    ({ chatId } = await fake.pushMessage({ text: "Здравствуйте! Ещё продаёте?", itemId: 4123456789 }));
    await fake.pushMessage({ chatId, text: "Можно посмотреть сегодня?" });
    await fake.pushMessage({ text: "Привет", authorId: 555 });
  });
  afterAll(() => fake.close());

  it("lists chats with Avito's filters in the query", async () => {
    const chats = await avito.listChats({ accountId, chatTypes: ["u2i", "u2u"], limit: 10 });
    expect(chats).toHaveLength(2);
    expect(chats.map((c) => c.id)).toContain(chatId);
    const aboutListing = await avito.listChats({ accountId, itemIds: [4123456789], unreadOnly: true });
    expect(aboutListing).toHaveLength(1);
    expect(aboutListing[0]).toMatchObject({
      id: chatId,
      context: { type: "item", value: { id: 4123456789 } },
      users: [{ id: accountId }, { id: 187654321 }],
      last_message: { content: { text: "Можно посмотреть сегодня?" }, direction: "in" },
    });
    expect(fake.requests.at(-1)?.path).toBe(
      `/messenger/v2/accounts/${accountId}/chats?unread_only=true&item_ids=4123456789`,
    );
  });

  it("gets one chat", async () => {
    expect(await avito.getChat({ accountId, chatId })).toMatchObject({ id: chatId });
  });

  it("pages through messages at the v3 path with its trailing slash", async () => {
    const first = await avito.getMessages({ accountId, chatId, limit: 1 });
    expect(first.messages.map((m) => m.content.text)).toEqual(["Можно посмотреть сегодня?"]);
    expect(first.hasMore).toBe(true);
    expect(fake.requests.at(-1)?.path).toBe(
      `/messenger/v3/accounts/${accountId}/chats/${chatId}/messages/?limit=1`,
    );
    const second = await avito.getMessages({ accountId, chatId, limit: 1, offset: 1 });
    expect(second).toMatchObject({ messages: [{ author_id: 187654321, type: "text" }], hasMore: false });
  });

  it("reads the bare-array answer of the published schema too", async () => {
    const message = {
      id: "m1",
      author_id: 1,
      created: 1718000000,
      type: "text",
      direction: "in",
      content: {},
    };
    fake.failNext({ status: 200, path: "/messenger/v3", body: [message, { ...message, id: "m2" }] });
    const page = await avito.getMessages({ accountId, chatId, limit: 2 });
    expect(page).toMatchObject({ messages: [{ id: "m1" }, { id: "m2" }], hasMore: true });
  });

  it("sends a text reply in Avito's body and returns the stored message", async () => {
    const sent = await avito.sendText({ accountId, chatId, text: "Да, в наличии." });
    expect(sent).toMatchObject({ type: "text", direction: "out", content: { text: "Да, в наличии." } });
    expect(sent.id).toEqual(expect.any(String));
    expect(fake.sent).toEqual([
      {
        accountId,
        chatId,
        text: "Да, в наличии.",
        body: { message: { text: "Да, в наличии." }, type: "text" },
      },
    ]);
  });

  it("reports a reply to an unknown chat as permanent", async () => {
    const err = await avito.sendText({ accountId, chatId: "u2i-gone", text: "?" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 404, permanent: true, message: "chat not found" });
  });

  it("reports another account's chats as forbidden", async () => {
    const err = await avito.getChat({ accountId: 1, chatId }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, permanent: true });
  });

  it("does not invite a resend when a send's answer cannot be read", async () => {
    fake.failNext({ status: 200, path: "/messenger/v1", body: "{" });
    const err = await avito.sendText({ accountId, chatId, text: "Ещё раз" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 200, permanent: true });
    expect((err as ProviderError).details.code).toBe("malformed_response");
  });

  it("marks a chat read", async () => {
    await avito.markRead({ accountId, chatId });
    expect(fake.reads).toEqual([chatId]);
    expect(await avito.listChats({ accountId, unreadOnly: true, chatTypes: ["u2i"] })).toEqual([]);
  });

  it("treats an unconfirmed read as retryable", async () => {
    fake.failNext({ status: 200, path: "/messenger/v1", body: { ok: false } });
    const err = await avito.markRead({ accountId, chatId }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 200, permanent: false });
  });

  it("subscribes, lists and unsubscribes the v3 webhook", async () => {
    const url = "http://127.0.0.1:9/api/hooks/avito?k=abc";
    await avito.subscribeWebhook(url);
    await avito.subscribeWebhook(url);
    expect(await avito.listWebhooks()).toEqual([{ url, version: "3" }]);
    expect(fake.subscriptions).toEqual([url]);
    await avito.unsubscribeWebhook(url);
    expect(await avito.listWebhooks()).toEqual([]);
    const paths = fake.requests.filter((r) => r.method === "POST").map((r) => r.path);
    expect(paths).toContain("/messenger/v3/webhook");
    expect(paths).toContain("/messenger/v1/webhook/unsubscribe");
  });
});
