// The WhatsApp client against the fake Graph API over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWhatsAppFake, type WhatsAppFake } from "../../../../../test/fakes/whatsapp.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { createWhatsAppClient, type WhatsAppClientOptions } from "./client.ts";
import { isAuthFailure, isWindowClosed } from "./errors.ts";
import { isAllowedMediaUrl } from "./media.ts";

const creds = { accessToken: "EAAG-test-token", phoneNumberId: "106540352242922", wabaId: "102290129340398" };
let fake: WhatsAppFake;
const client = (extra: Partial<WhatsAppClientOptions> = {}) =>
  createWhatsAppClient({ baseUrl: fake.url, ...creds, ...extra });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call should have failed"),
    (err: unknown) => {
      expect(err).toBeInstanceOf(ProviderError);
      return err as ProviderError;
    },
  );

beforeAll(async () => {
  fake = await startWhatsAppFake({ ...creds, appSecret: "app-secret", verifiedName: "Flame Store" });
});
afterAll(() => fake.close());

describe("WhatsApp client, success paths", () => {
  it("reads the phone number that validates the credentials", async () => {
    expect(await client().getPhoneNumber()).toEqual({
      id: creds.phoneNumberId,
      displayPhoneNumber: "+7 495 123-45-67",
      verifiedName: "Flame Store",
      qualityRating: "GREEN",
    });
  });

  it("sends a text, quoting the message it answers", async () => {
    const sent = await client().sendText({
      to: "79161234567",
      text: "Доставка завтра",
      replyTo: "wamid.IN1",
    });
    expect(sent.messageId).toMatch(/^wamid\./);
    expect(sent.waId).toBe("79161234567");
    expect(fake.sent.at(-1)).toMatchObject({ id: sent.messageId, type: "text", text: "Доставка завтра" });
    expect(fake.sent.at(-1)?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "79161234567",
      context: { message_id: "wamid.IN1" },
      type: "text",
      text: { preview_url: false, body: "Доставка завтра" },
    });
  });

  it("works with any configured Graph version", async () => {
    const sent = await client({ graphVersion: "v23.0" }).sendText({ to: "+7 916 123-45-67", text: "Hi" });
    expect(sent.waId).toBe("79161234567");
  });

  it("refuses free-form text once the window closed, and still sends a template", async () => {
    fake.closeWindow("79160000001");
    const err = await failure(client().sendText({ to: "79160000001", text: "Вы здесь?" }));
    expect(err.details).toMatchObject({ status: 400, code: 131047, permanent: true });
    expect(isWindowClosed(err)).toBe(true);
    const components = [{ type: "body" as const, parameters: [{ type: "text" as const, text: "Иван" }] }];
    await client().sendTemplate({ to: "79160000001", name: "order_ready", language: "ru", components });
    expect(fake.sent.at(-1)?.template).toEqual({ name: "order_ready", language: "ru", components });
  });

  it("marks a message read", async () => {
    await client().markRead("wamid.IN2");
    expect(fake.reads).toContain("wamid.IN2");
  });

  it("looks a media file up and downloads it with the token", async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x80, 0xfe]);
    const mediaId = fake.addMedia(bytes, "image/jpeg");
    const info = await client().getMediaUrl(mediaId);
    expect(info).toMatchObject({ id: mediaId, mimeType: "image/jpeg", fileSize: bytes.length });
    const file = await client().downloadMedia(info.url);
    expect(Buffer.from(file.bytes).equals(bytes)).toBe(true);
    expect(file.contentType).toBe("image/jpeg");
    const small = await failure(client().downloadMedia(info.url, { maxBytes: 3 }));
    expect(small.details).toMatchObject({ code: "media_too_large", permanent: true });
  });

  it("subscribes the app to the WABA", async () => {
    await client().subscribeApp();
    expect(fake.subscriptions).toEqual([creds.wabaId]);
    const err = await failure(client({ wabaId: undefined }).subscribeApp());
    expect(err.details).toMatchObject({ code: "waba_id_missing", permanent: true });
  });
});

describe("WhatsApp client, failures", () => {
  it("reports a bad token as a permanent auth failure", async () => {
    const err = await failure(client({ accessToken: "expired" }).sendText({ to: "79161234567", text: "x" }));
    expect(err.details).toMatchObject({ status: 401, code: 190, permanent: true });
    expect(err.message).toMatch(/Invalid OAuth access token.*fbtrace_id/);
    expect(err.message).not.toContain("expired");
    expect(isAuthFailure(err)).toBe(true);
  });

  it("reports a refused parameter as permanent", async () => {
    const err = await failure(client().sendText({ to: "79161234567", text: "" }));
    expect(err.details).toMatchObject({ status: 400, code: 100, permanent: true });
  });

  it("passes Retry-After on as retryAfterMs for throughput limits", async () => {
    fake.failNext({ code: 130429, status: 429, retryAfter: 7 });
    const err = await failure(client().sendText({ to: "79161234567", text: "x" }));
    expect(err.details).toEqual({ status: 429, code: 130429, permanent: false, retryAfterMs: 7000 });
    expect(err.message).toContain("Rate limit hit");
  });

  it("keys on the Graph code, not the status, and falls back to the pair-rate wait", async () => {
    fake.failNext({ code: 131056, status: 400 });
    const err = await failure(client().sendText({ to: "79161234567", text: "x" }));
    expect(err.details).toMatchObject({ status: 400, code: 131056, permanent: false, retryAfterMs: 6000 });
  });

  it("retries app and WABA limits and server errors, not unknown 4xx codes", async () => {
    fake.failNext({ code: 80007, status: 400 });
    fake.failNext({ code: 4, status: 400 });
    fake.failNext({ code: 99999, status: 503 });
    fake.failNext({ code: 132001, status: 404 });
    fake.failNext({ code: 131026, status: 400 });
    const permanence = [];
    for (let i = 0; i < 5; i++) permanence.push((await failure(client().markRead("wamid.X"))).permanent);
    expect(permanence).toEqual([false, false, false, true, true]);
  });

  it("gives up after the timeout with a retryable error", async () => {
    fake.delayNext(400);
    const err = await failure(client({ timeoutMs: 100 }).getPhoneNumber());
    expect(err.details).toMatchObject({ status: 0, permanent: false });
  });

  it("treats answers Graph does not give as malformed", async () => {
    fake.answerNextRaw({ status: 200, body: "{not json" });
    fake.answerNextRaw({
      status: 200,
      body: '{"messaging_product":"whatsapp"}',
      contentType: "application/json",
    });
    fake.answerNextRaw({ status: 502, body: "<html>Bad gateway</html>" });
    fake.answerNextRaw({ status: 404, body: "<html>Not found</html>" });
    const errors = [];
    for (let i = 0; i < 4; i++)
      errors.push(await failure(client().sendText({ to: "79161234567", text: "x" })));
    expect(errors.map((e) => [e.status, e.details.code, e.permanent])).toEqual([
      [200, "malformed_response", false],
      [200, "malformed_response", false],
      [502, "malformed_response", false],
      [404, "malformed_response", true],
    ]);
  });

  it("sends the token only to Meta's media hosts or the configured Graph origin", async () => {
    const err = await failure(client().downloadMedia("https://attacker.example/steal"));
    expect(err.details).toMatchObject({ code: "media_host_not_allowed", permanent: true });
    const base = "https://graph.facebook.com";
    expect(isAllowedMediaUrl("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1", base)).toBe(
      true,
    );
    expect(isAllowedMediaUrl("http://lookaside.fbsbx.com/x", base)).toBe(false);
    expect(isAllowedMediaUrl("https://fbsbx.com.attacker.example/x", base)).toBe(false);
    expect(isAllowedMediaUrl("not a url", base)).toBe(false);
  });

  it("reports an expired or unknown media URL as retryable (a fresh URL may work)", async () => {
    const err = await failure(client().downloadMedia(`${fake.url}/whatsapp_business/attachments/?mid=404`));
    expect(err.details).toMatchObject({ status: 404, code: "media_download_failed", permanent: false });
  });

  it("reports an unknown media id with Graph's code", async () => {
    const err = await failure(client().getMediaUrl("1234"));
    expect(err.details).toMatchObject({ status: 400, code: 100, permanent: true });
  });
});
