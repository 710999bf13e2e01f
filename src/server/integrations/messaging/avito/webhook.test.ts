// The webhook helpers: pure checks on PROTOCOLS.md's envelope, then real deliveries from the fake.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AvitoFake, startAvitoFake } from "../../../../../test/fakes/avito.ts";
import { createAvitoClient } from "./client.ts";
import {
  describeWebhook,
  newWebhookSecret,
  SIGNATURE_HEADER,
  WEBHOOK_SECRET_PARAM,
  webhookSecretMatches,
  webhookUrlWithSecret,
} from "./webhook.ts";

/** The sample of PROTOCOLS.md §6. */
const sample = {
  id: "6f5d8a2e-3c1b-4e8a-9a77-2a1f0c9b1d10",
  version: "v3.0.0",
  timestamp: 1718000000,
  payload: {
    type: "message",
    value: {
      id: "8a1f0e7c2b6d4d0e9f3a",
      chat_id: "u2i-PJIJgc4bP1Gz~0k3fHjk4A",
      user_id: 94235311,
      author_id: 187654321,
      created: 1718000000,
      published_at: "2024-06-10T06:13:20Z",
      type: "text",
      chat_type: "u2i",
      item_id: 4123456789,
      content: { text: "Здравствуйте! Ещё продаёте?" },
      read: null,
    },
  },
};
const withValue = (value: Record<string, unknown>) => ({
  ...sample,
  payload: { ...sample.payload, value: { ...sample.payload.value, ...value } },
});

describe("describeWebhook", () => {
  it("summarises a buyer's message", () => {
    expect(describeWebhook(sample)).toEqual({
      eventId: "6f5d8a2e-3c1b-4e8a-9a77-2a1f0c9b1d10",
      messageId: "8a1f0e7c2b6d4d0e9f3a",
      chatId: "u2i-PJIJgc4bP1Gz~0k3fHjk4A",
      accountId: 94235311,
      authorId: 187654321,
      isOwnEcho: false,
      messageType: "text",
      text: "Здравствуйте! Ещё продаёте?",
      imageUrl: null,
      chatType: "u2i",
      itemId: 4123456789,
      created: 1718000000,
    });
  });

  it("marks our own message as an echo", () => {
    expect(describeWebhook(withValue({ author_id: 94235311 }))).toMatchObject({ isOwnEcho: true });
  });

  it("reads ids sent as strings, and messages without text or listing", () => {
    const image = withValue({ user_id: "94235311", author_id: "94235311", type: "image", content: {} });
    const { item_id: _, ...noItem } = image.payload.value;
    expect(describeWebhook({ ...image, payload: { type: "message", value: noItem } })).toMatchObject({
      accountId: 94235311,
      isOwnEcho: true,
      messageType: "image",
      text: null,
      itemId: null,
    });
  });

  it("takes the largest size of an image", () => {
    const sizes = {
      "140x105": "https://00.img.avito.st/140x105/1.jpg",
      "1280x960": "https://00.img.avito.st/1280x960/1.jpg",
      "640x480": "https://00.img.avito.st/640x480/1.jpg",
    };
    const image = withValue({ type: "image", content: { image: { sizes } } });
    expect(describeWebhook(image)).toMatchObject({ text: null, imageUrl: sizes["1280x960"] });
  });

  it("answers the empty probe as a probe", () => {
    expect(describeWebhook({})).toEqual({ probe: true });
    expect(describeWebhook(undefined)).toEqual({ probe: true });
  });

  it("ignores system messages, other kinds and bodies that are not envelopes", () => {
    expect(describeWebhook(withValue({ type: "system" }))).toBeNull();
    expect(describeWebhook({ ...sample, payload: { type: "status", value: {} } })).toBeNull();
    expect(describeWebhook(withValue({ chat_id: undefined }))).toBeNull();
    expect(describeWebhook({ hello: "world" })).toBeNull();
    expect(describeWebhook([1, 2])).toBeNull();
  });
});

describe("webhook secret", () => {
  it("matches only the same secret", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(webhookSecretMatches(secret, secret)).toBe(true);
    expect(webhookSecretMatches(`${secret}x`, secret)).toBe(false);
    expect(webhookSecretMatches(secret.slice(1), secret)).toBe(false);
    expect(webhookSecretMatches(undefined, secret)).toBe(false);
    expect(webhookSecretMatches("", "")).toBe(false);
  });

  it("goes into the subscribed URL as a query parameter", () => {
    expect(webhookUrlWithSecret("https://crm.example/api/hooks/avito", "abc")).toBe(
      `https://crm.example/api/hooks/avito?${WEBHOOK_SECRET_PARAM}=abc`,
    );
  });
});

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe("deliveries from the fake", () => {
  let fake: AvitoFake;
  let receiver: Server;
  let hookUrl: string;
  const secret = newWebhookSecret();
  const received: Received[] = [];
  let answers: number[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", () => {
        received.push({ url: req.url ?? "", headers: req.headers, body });
        res.writeHead(answers.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/hooks/avito`;
    hookUrl = webhookUrlWithSecret(base, secret);
    fake = await startAvitoFake({ clientId: "app", clientSecret: "s", accountId: 94235311, retryDelayMs: 5 });
    await createAvitoClient({ baseUrl: fake.url, clientId: "app", clientSecret: "s" }).subscribeWebhook(
      hookUrl,
    );
  });
  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    answers = [];
  });

  const secretOf = (r: Received | undefined) =>
    new URL(r?.url ?? "/", "http://x").searchParams.get(WEBHOOK_SECRET_PARAM);

  it("POSTs a v3 envelope to the subscribed URL, whose secret the helper accepts", async () => {
    const { chatId } = await fake.pushMessage({ text: "Ещё продаёте?", itemId: 4123456789 });
    expect(received).toHaveLength(1);
    expect(received[0]?.headers["content-type"]).toBe("application/json");
    expect(received[0]?.headers[SIGNATURE_HEADER]).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookSecretMatches(secretOf(received[0]), secret)).toBe(true);
    expect(webhookSecretMatches(secretOf(received[0]), newWebhookSecret())).toBe(false);
    expect(describeWebhook(JSON.parse(received[0]?.body ?? ""))).toMatchObject({
      chatId,
      accountId: 94235311,
      authorId: 187654321,
      isOwnEcho: false,
      text: "Ещё продаёте?",
      itemId: 4123456789,
      chatType: "u2i",
    });
  });

  it("refuses a forged delivery without the secret", async () => {
    const forged = new URL(hookUrl);
    forged.searchParams.set(WEBHOOK_SECRET_PARAM, "guess");
    expect(webhookSecretMatches(forged.searchParams.get(WEBHOOK_SECRET_PARAM), secret)).toBe(false);
    forged.searchParams.delete(WEBHOOK_SECRET_PARAM);
    expect(webhookSecretMatches(forged.searchParams.get(WEBHOOK_SECRET_PARAM), secret)).toBe(false);
  });

  it("pushes our own message as an echo, and the probe as an empty object", async () => {
    await fake.pushOwnEcho({ text: "Да, в наличии.", itemId: 1 });
    await fake.pushProbe();
    expect(received.map((r) => describeWebhook(JSON.parse(r.body)))).toEqual([
      expect.objectContaining({ isOwnEcho: true, authorId: 94235311, text: "Да, в наличии." }),
      { probe: true },
    ]);
    expect(received[1]?.body).toBe("{}");
  });

  it("retries a delivery until the receiver answers 200", async () => {
    answers = [500, 204];
    const { envelope, deliveries } = await fake.pushMessage({ text: "Алло" });
    expect(deliveries).toEqual([expect.objectContaining({ statuses: [500, 204, 200], delivered: true })]);
    expect(received.map((r) => JSON.parse(r.body).id)).toEqual([envelope.id, envelope.id, envelope.id]);
  });

  it("echoes messages the CRM sends when asked to, like Avito", async () => {
    const echoing = await startAvitoFake({
      clientId: "a",
      clientSecret: "b",
      accountId: 7,
      echoSentMessages: true,
    });
    const client = createAvitoClient({ baseUrl: echoing.url, clientId: "a", clientSecret: "b" });
    await client.subscribeWebhook(hookUrl);
    const { chatId } = await echoing.pushMessage({ text: "Здравствуйте", itemId: 5 });
    await client.sendText({ accountId: 7, chatId, text: "Добрый день" });
    await echoing.close(); // waits for the echo's delivery
    expect(received.map((r) => describeWebhook(JSON.parse(r.body)))).toEqual([
      expect.objectContaining({ isOwnEcho: false, text: "Здравствуйте" }),
      expect.objectContaining({ isOwnEcho: true, text: "Добрый день", chatId }),
    ]);
  });
});
