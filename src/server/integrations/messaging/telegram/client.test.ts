import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  privateChat,
  startTelegramFake,
  type TelegramFake,
  textUpdate,
} from "../../../../../test/fakes/telegram.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { createTelegramClient } from "./client.ts";
import { isTelegramConflict } from "./errors.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const CHAT = 412345678;

describe("Telegram client against the fake", () => {
  let fake: TelegramFake;
  let client: ReturnType<typeof createTelegramClient>;
  beforeAll(async () => {
    fake = await startTelegramFake({ tokens: [TOKEN] });
    client = createTelegramClient({ baseUrl: fake.url, token: TOKEN, timeoutMs: 2000 });
    fake.addChat(privateChat(CHAT));
  });
  afterAll(() => fake.close());

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("the call should have failed"),
      (err: unknown) => {
        expect(err).toBeInstanceOf(ProviderError);
        return err as ProviderError;
      },
    );

  it("reads the bot itself", async () => {
    expect(await client.getMe()).toMatchObject({
      id: 123456789,
      is_bot: true,
      username: "flame_test_123456789_bot",
    });
  });

  it("reports a bad token as a permanent 401", async () => {
    const other = createTelegramClient({
      baseUrl: fake.url,
      token: "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDzzz",
    });
    const err = await failure(other.getMe());
    expect(err).toMatchObject({
      provider: "telegram",
      status: 401,
      permanent: true,
      message: "Unauthorized",
    });
    expect(err.details.code).toBe(401);
  });

  it("sends a message as a reply and gets the Message back", async () => {
    const message = await client.sendMessage({
      chatId: CHAT,
      text: "Есть, приезжайте!",
      replyToMessageId: 52,
    });
    expect(message).toMatchObject({ chat: { id: CHAT, type: "private" }, text: "Есть, приезжайте!" });
    expect(message.reply_to_message?.message_id).toBe(52);
    expect(fake.sent.at(-1)).toMatchObject({ chatId: CHAT, text: "Есть, приезжайте!", replyToMessageId: 52 });
    expect(fake.calls.at(-1)?.params).toMatchObject({
      reply_parameters: { message_id: 52, allow_sending_without_reply: true },
    });
  });

  it("treats a blocked bot, an unknown chat and a too long text as permanent", async () => {
    fake.blockChat(555);
    expect(await failure(client.sendMessage({ chatId: 555, text: "hi" }))).toMatchObject({
      status: 403,
      permanent: true,
      message: "Forbidden: bot was blocked by the user",
    });
    expect(await failure(client.sendMessage({ chatId: 777, text: "hi" }))).toMatchObject({
      status: 400,
      permanent: true,
      message: "Bad Request: chat not found",
    });
    expect(await failure(client.sendMessage({ chatId: CHAT, text: "я".repeat(4097) }))).toMatchObject({
      status: 400,
      permanent: true,
      message: "Bad Request: message is too long",
    });
  });

  it("passes flood control's retry_after on as retryAfterMs", async () => {
    fake.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      retry_after: 7,
    });
    const err = await failure(client.sendMessage({ chatId: CHAT, text: "hi" }));
    expect(err).toMatchObject({ status: 429, permanent: false, retryAfterMs: 7000 });
    // The client does not retry by itself: the next call goes through.
    await expect(client.sendMessage({ chatId: CHAT, text: "hi" })).resolves.toMatchObject({ text: "hi" });
  });

  it("treats server errors as retryable and carries a supergroup's new id", async () => {
    fake.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    expect(await failure(client.sendMessage({ chatId: CHAT, text: "hi" }))).toMatchObject({
      status: 502,
      permanent: false,
    });
    const description = "Bad Request: group chat was upgraded to a supergroup chat";
    fake.failNext("sendMessage", { error_code: 400, description, migrate_to_chat_id: -1001234567890 });
    const err = await failure(client.sendMessage({ chatId: -12345, text: "hi" }));
    expect(err).toMatchObject({ permanent: true, migrateToChatId: -1001234567890 });
  });

  it("gives up after its timeout with a retryable error", async () => {
    const quick = createTelegramClient({ baseUrl: fake.url, token: TOKEN, timeoutMs: 100 });
    fake.respondNext("getMe", { delayMs: 400 });
    expect(await failure(quick.getMe())).toMatchObject({ status: 0, permanent: false });
  });

  it("reports malformed answers", async () => {
    fake.respondNext("getMe", { status: 502, body: "<html>Bad Gateway</html>" });
    const proxy = await failure(client.getMe());
    expect(proxy).toMatchObject({ status: 502, permanent: false });
    expect(proxy.message).toContain("no Bot API envelope");
    // Telegram did the call: an unexpected result must not be retried into a duplicate.
    fake.respondNext("sendMessage", { body: '{"ok":true,"result":{"message_id":"x"}}' });
    const odd = await failure(client.sendMessage({ chatId: CHAT, text: "hi" }));
    expect(odd).toMatchObject({ status: 200, permanent: true });
    expect(odd.message).toBe("telegram answered sendMessage with an unexpected result");
  });

  it("sets, reports and deletes the webhook", async () => {
    await client.setWebhook({
      url: "https://crm.example/api/hooks/telegram/abc",
      secretToken: "s3cret_token-1",
      allowedUpdates: ["message", "edited_message"],
      dropPendingUpdates: true,
    });
    expect(fake.webhook()).toEqual({
      url: "https://crm.example/api/hooks/telegram/abc",
      secretToken: "s3cret_token-1",
      allowedUpdates: ["message", "edited_message"],
    });
    expect(await client.getWebhookInfo()).toMatchObject({
      url: "https://crm.example/api/hooks/telegram/abc",
      pending_update_count: 0,
      allowed_updates: ["message", "edited_message"],
    });
    const refused = await failure(
      client.setWebhook({ url: "https://crm.example/x", secretToken: "no spaces" }),
    );
    expect(refused).toMatchObject({ status: 400, permanent: true });
    await client.deleteWebhook({ dropPendingUpdates: true });
    expect(fake.webhook()).toBeNull();
    expect((await client.getWebhookInfo()).url).toBe("");
  });

  it("downloads a file found with getFile", async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 255]);
    const { fileId } = fake.addFile({ bytes, fileName: "offer.pdf", mimeType: "application/pdf" });
    const file = await client.getFile(fileId);
    expect(file).toMatchObject({ file_id: fileId, file_size: 6 });
    expect(client.fileUrl(file.file_path!)).toBe(`${fake.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(await client.downloadFile(file.file_path!)).toEqual({ bytes, contentType: "application/pdf" });
    await expect(failure(client.downloadFile(file.file_path!, { maxBytes: 5 }))).resolves.toMatchObject({
      permanent: true,
    });
    expect(await failure(client.downloadFile("documents/gone.pdf"))).toMatchObject({
      status: 404,
      permanent: true,
    });
    expect(await failure(client.getFile("nope"))).toMatchObject({
      status: 400,
      message: "Bad Request: invalid file_id",
    });
  });
});

describe("Telegram long polling", () => {
  let fake: TelegramFake;
  beforeAll(async () => {
    fake = await startTelegramFake({ tokens: [TOKEN] });
  });
  afterAll(() => fake.close());

  it("is refused with a recognisable 409 while a webhook is set", async () => {
    const client = createTelegramClient({ baseUrl: fake.url, token: TOKEN });
    await client.setWebhook({ url: "https://crm.example/hook" });
    const err = await client.getUpdates({ timeout: 1 }).catch((e: unknown) => e);
    expect(isTelegramConflict(err)).toBe(true);
    expect(err).toMatchObject({ status: 409, permanent: false });
    await client.deleteWebhook();
  });

  it("holds the request until an update comes, and confirms by offset", async () => {
    const client = createTelegramClient({ baseUrl: fake.url, token: TOKEN, timeoutMs: 1000 });
    const first = textUpdate({ chatId: CHAT, text: "Здравствуйте" });
    const poll = client.getUpdates({ timeout: 5 });
    setTimeout(() => void fake.pushUpdate(first), 50);
    const started = Date.now();
    expect(await poll).toEqual([first]);
    expect(Date.now() - started).toBeLessThan(2000);
    // Not confirmed yet: asked again, it comes again; with offset it is forgotten.
    expect(await client.getUpdates()).toEqual([first]);
    expect(await client.getUpdates({ offset: first.update_id + 1 })).toEqual([]);
    expect(fake.pending()).toEqual([]);
  });

  it("waits past its own timeout for a quiet poll, which ends empty", async () => {
    const client = createTelegramClient({ baseUrl: fake.url, token: TOKEN, timeoutMs: 200 });
    const started = Date.now();
    expect(await client.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("ends the older of two polls with a 409", async () => {
    const client = createTelegramClient({ baseUrl: fake.url, token: TOKEN });
    const older = client.getUpdates({ timeout: 5 }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const newer = client.getUpdates({ timeout: 0 });
    expect(isTelegramConflict(await older)).toBe(true);
    expect(await newer).toEqual([]);
  });
});
