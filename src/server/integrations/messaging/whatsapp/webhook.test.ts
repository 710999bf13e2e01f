// The receiver-side helpers: signature and handshake checks, the webhook description, and a minimal
// receiver built from them that the fake's pushes must get through (and its forgeries must not).
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildStatusWebhook,
  startWhatsAppFake,
  type WhatsAppFake,
} from "../../../../../test/fakes/whatsapp.ts";
import { describeWebhook, type WhatsAppBatch } from "./describe.ts";
import { SIGNATURE_HEADER, verifyHandshake, verifySignature } from "./verify.ts";

const secret = "app-secret";
const ids = { wabaId: "102290129340398", phoneNumberId: "106540352242922" };
const sign = (body: Buffer, key = secret) => `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;

describe("verifySignature", () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

  it("accepts Meta's signature of the exact bytes, in either hex case", () => {
    expect(verifySignature(body, sign(body), secret)).toBe(true);
    const upper = `sha256=${sign(body).slice("sha256=".length).toUpperCase()}`;
    expect(verifySignature(body, upper, secret)).toBe(true);
  });

  it("refuses anything else", () => {
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(verifySignature(reformatted, sign(body), secret)).toBe(false);
    expect(verifySignature(body, sign(body, "other"), secret)).toBe(false);
    expect(verifySignature(body, undefined, secret)).toBe(false);
    expect(verifySignature(body, sign(body).replace("sha256=", "sha1="), secret)).toBe(false);
    expect(verifySignature(body, sign(body).slice(0, -2), secret)).toBe(false);
    expect(verifySignature(body, "sha256=zz", secret)).toBe(false);
    expect(verifySignature(body, sign(body, ""), "")).toBe(false);
  });
});

describe("verifyHandshake", () => {
  const query = { "hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444" };

  it("echoes the challenge when the token matches", () => {
    expect(verifyHandshake(query, "verify-me")).toBe("1158201444");
  });

  it("answers null otherwise", () => {
    expect(verifyHandshake(query, "other")).toBeNull();
    expect(verifyHandshake({ ...query, "hub.mode": "unsubscribe" }, "verify-me")).toBeNull();
    expect(verifyHandshake({ ...query, "hub.challenge": undefined }, "verify-me")).toBeNull();
    expect(verifyHandshake({ ...query, "hub.verify_token": "" }, "")).toBeNull();
  });
});

describe("describeWebhook", () => {
  it("reads PROTOCOLS.md's inbound text example", () => {
    const payload = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: ids.wabaId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "74951234567", phone_number_id: ids.phoneNumberId },
                contacts: [{ profile: { name: "Иван Петров" }, wa_id: "79161234567" }],
                messages: [
                  {
                    from: "79161234567",
                    id: "wamid.A",
                    timestamp: "1718000000",
                    type: "text",
                    text: { body: "Добрый день!" },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    expect(describeWebhook(payload)).toEqual([
      {
        ...ids,
        messages: [
          expect.objectContaining({
            id: "wamid.A",
            from: "79161234567",
            name: "Иван Петров",
            timestamp: new Date(1718000000 * 1000),
            type: "text",
            text: "Добрый день!",
          }),
        ],
        statuses: [],
        errors: [],
        unreadable: [],
      },
    ]);
  });

  it("reads media, buttons and statuses, and sets aside what it cannot read", () => {
    const payload = buildStatusWebhook(ids, { id: "wamid.OUT", status: "failed", error: { code: 131047 } });
    const value = payload.entry[0]!.changes[0]!.value;
    value.statuses?.push({ id: "wamid.OUT2", status: "deleted", timestamp: "1718000100" });
    Object.assign(value, {
      messages: [
        {
          from: "7916",
          id: "wamid.I",
          timestamp: "1718000000",
          type: "image",
          image: { id: "555", mime_type: "image/jpeg", caption: "Чек" },
        },
        {
          from: "7916",
          id: "wamid.B",
          timestamp: "1718000001",
          type: "interactive",
          interactive: { type: "button_reply", button_reply: { id: "yes", title: "Да" } },
          context: { id: "wamid.OUT" },
        },
        { from: "7916", id: "wamid.BAD", type: "text" },
      ],
    });
    const [batch] = describeWebhook(payload) as [WhatsAppBatch];
    expect(batch.messages.map((m) => [m.id, m.text, m.media?.id, m.replyTo])).toEqual([
      ["wamid.I", "Чек", "555", undefined],
      ["wamid.B", "Да", undefined, "wamid.OUT"],
    ]);
    expect(batch.statuses).toEqual([
      expect.objectContaining({
        id: "wamid.OUT",
        status: "failed",
        error: expect.objectContaining({ code: 131047 }),
      }),
    ]);
    expect(batch.unreadable).toHaveLength(2);
  });

  it("ignores deliveries that are not WhatsApp messages", () => {
    expect(describeWebhook({ object: "page", entry: [] })).toEqual([]);
    expect(describeWebhook("nonsense")).toEqual([]);
    const other = {
      object: "whatsapp_business_account",
      entry: [{ id: "1", changes: [{ field: "account_update", value: {} }] }],
    };
    expect(describeWebhook(other)).toEqual([]);
  });
});

describe("the fake's deliveries through a receiver built from these helpers", () => {
  let fake: WhatsAppFake;
  let receiver: Server;
  let callback: string;
  const received: WhatsAppBatch[] = [];

  beforeAll(async () => {
    fake = await startWhatsAppFake({ ...ids, accessToken: "token", appSecret: secret });
    receiver = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET") {
        const challenge = verifyHandshake(Object.fromEntries(url.searchParams), "verify-me");
        if (challenge === null) return void res.writeHead(403).end();
        return void res.writeHead(200, { "content-type": "text/plain" }).end(challenge);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const header = req.headers[SIGNATURE_HEADER];
      if (!verifySignature(raw, typeof header === "string" ? header : undefined, secret)) {
        return void res.writeHead(401).end();
      }
      received.push(...describeWebhook(JSON.parse(raw.toString("utf8"))));
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    callback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/hooks/whatsapp/abc`;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("passes the verification handshake only with the right token", async () => {
    const ok = await fake.handshake(callback, "verify-me");
    expect(ok).toEqual({ status: 200, body: ok.challenge, challenge: expect.any(String) });
    expect((await fake.handshake(callback, "wrong")).status).toBe(403);
  });

  it("delivers signed messages and statuses, and forged ones are refused", async () => {
    const message = await fake.pushMessage(callback, {
      from: "79161234567",
      name: "Иван",
      text: 'Привет 👋 "quoted"',
    });
    expect(message.status).toBe(200);
    const status = await fake.pushStatus(callback, { id: "wamid.OUT", status: "delivered" });
    expect(status.status).toBe(200);
    expect(
      (await fake.pushMessage(callback, { from: "7916", text: "x" }, { signature: "forged" })).status,
    ).toBe(401);
    expect(
      (await fake.pushMessage(callback, { from: "7916", text: "x" }, { signature: "none" })).status,
    ).toBe(401);
    expect(received.map((b) => [b.wabaId, b.phoneNumberId])).toEqual([
      [ids.wabaId, ids.phoneNumberId],
      [ids.wabaId, ids.phoneNumberId],
    ]);
    expect(received[0]?.messages[0]).toMatchObject({
      from: "79161234567",
      name: "Иван",
      text: 'Привет 👋 "quoted"',
    });
    expect(received[1]?.statuses[0]).toMatchObject({ id: "wamid.OUT", status: "delivered" });
  });
});
