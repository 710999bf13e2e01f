// The fake speaks the Bot API's wire format, not just what our client sends: any method casing,
// parameters in the query string, a form or multipart, and Telegram's exact envelopes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateChat, startTelegramFake, type TelegramFake } from "../../../../../test/fakes/telegram.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const OTHER = "222222222:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("Telegram fake wire format", () => {
  let fake: TelegramFake;
  const api = (method: string, token = TOKEN) => `${fake.url}/bot${token}/${method}`;
  const json = async (res: Response) => ({ status: res.status, body: await res.json() });

  beforeAll(async () => {
    fake = await startTelegramFake({ tokens: [TOKEN, OTHER] });
    fake.addChat(privateChat(42));
  });
  afterAll(() => fake.close());

  it("takes method names in any case, by GET", async () => {
    const { status, body } = await json(await fetch(api("GETME")));
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, result: { id: 123456789, is_bot: true } });
  });

  it("answers an unknown token and an unknown method with Telegram's envelopes", async () => {
    expect(await json(await fetch(api("getMe", "1:nope")))).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    expect(await json(await fetch(api("sendSmoke")))).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found" },
    });
  });

  it("reads parameters from the query string, a form and multipart", async () => {
    await fetch(`${api("sendMessage")}?chat_id=42&text=${encodeURIComponent("из query")}`);
    const form = new URLSearchParams({
      chat_id: "42",
      text: "из формы",
      reply_parameters: '{"message_id":7}',
    });
    await fetch(api("sendmessage"), { method: "POST", body: form });
    const multipart = new FormData();
    multipart.set("chat_id", "42");
    multipart.set("text", "multipart");
    multipart.set("reply_to_message_id", "8");
    await fetch(api("SendMessage"), { method: "POST", body: multipart });
    expect(
      fake.sent.map(({ chatId, text, replyToMessageId }) => ({ chatId, text, replyToMessageId })),
    ).toEqual([
      { chatId: 42, text: "из query", replyToMessageId: undefined },
      { chatId: 42, text: "из формы", replyToMessageId: 7 },
      { chatId: 42, text: "multipart", replyToMessageId: 8 },
    ]);
  });

  it("words flood control the way Telegram does", async () => {
    fake.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      retry_after: 3,
    });
    const res = await fetch(api("sendMessage"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: 42, text: "hi" }),
    });
    expect(await json(res)).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 3",
        parameters: { retry_after: 3 },
      },
    });
  });

  it("keeps each bot's state apart", async () => {
    const set = await json(await fetch(`${api("setWebhook", OTHER)}?url=https://crm.example/b`));
    expect(set.body).toEqual({ ok: true, result: true, description: "Webhook was set" });
    expect(fake.webhook(OTHER)).toEqual({ url: "https://crm.example/b" });
    expect(fake.webhook()).toBeNull();
    // The other bot never talked to chat 42.
    expect((await json(await fetch(`${api("sendMessage", OTHER)}?chat_id=42&text=hi`))).status).toBe(400);
  });

  it("refuses an unparseable JSON body", async () => {
    const res = await fetch(api("getMe"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect((await json(res)).status).toBe(400);
  });
});
