// What the receiver will get: the fake pushes Updates the way Telegram does, and the secret helpers
// accept its deliveries and refuse forged ones. The "CRM" here is a stand-in built from those helpers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTelegramFake, type TelegramFake, textUpdate } from "../../../../../test/fakes/telegram.ts";
import { createTelegramClient } from "./client.ts";
import { describeUpdate } from "./describe-update.ts";
import { newSecretToken, secretTokenMatches, TELEGRAM_SECRET_HEADER } from "./secrets.ts";
import { parseUpdate, TELEGRAM_ALLOWED_UPDATES, type TelegramUpdate } from "./types.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("webhook deliveries", () => {
  const secret = newSecretToken();
  const accepted: TelegramUpdate[] = [];
  let crm: Server;
  let crmUrl: string;
  let fake: TelegramFake;
  let client: ReturnType<typeof createTelegramClient>;

  beforeAll(async () => {
    crm = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      req.on("end", () => {
        if (!secretTokenMatches(req.headers[TELEGRAM_SECRET_HEADER], secret))
          return void res.writeHead(401).end();
        const update =
          req.headers["content-type"] === "application/json" ? parseUpdate(JSON.parse(body)) : null;
        if (!update) return void res.writeHead(400).end();
        accepted.push(update);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => crm.listen(0, "127.0.0.1", resolve));
    crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/api/hooks/telegram/ws1`;
    fake = await startTelegramFake({ tokens: [TOKEN] });
    client = createTelegramClient({ baseUrl: fake.url, token: TOKEN });
  });
  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => crm.close(resolve));
  });
  beforeEach(async () => {
    accepted.length = 0;
    await client.setWebhook({
      url: crmUrl,
      secretToken: secret,
      allowedUpdates: TELEGRAM_ALLOWED_UPDATES,
      dropPendingUpdates: true,
    });
  });

  it("delivers an Update with the secret header, which the helper accepts", async () => {
    const update = textUpdate({ chatId: 412345678, text: "Здравствуйте, есть ли в наличии диван «Остин»?" });
    expect(await fake.pushUpdate(update)).toBe(200);
    expect(accepted).toEqual([update]);
    expect(describeUpdate(accepted[0]!)).toMatchObject({ chatId: 412345678, text: update.message?.text });
  });

  it("has forged or missing secrets refused, keeps them pending and retries them", async () => {
    const forged = textUpdate({ chatId: 1, text: "forged" });
    const bare = textUpdate({ chatId: 1, text: "no header" });
    expect(await fake.pushUpdate(forged, { secretToken: newSecretToken() })).toBe(401);
    expect(await fake.pushUpdate(bare, { secretToken: null })).toBe(401);
    expect(accepted).toEqual([]);
    const info = await client.getWebhookInfo();
    expect(info).toMatchObject({ url: crmUrl, pending_update_count: 2 });
    expect(info.last_error_message).toBe("Wrong response from the webhook: 401 Unauthorized");
    expect(info.last_error_date).toBeGreaterThan(0);
    // Telegram retries with the real secret: the same update_ids arrive again, in order.
    expect(await fake.redeliverPending()).toEqual([200, 200]);
    expect(accepted.map((u) => u.update_id)).toEqual([forged.update_id, bare.update_id]);
    expect(fake.pending()).toEqual([]);
  });

  it("does not deliver kinds outside allowed_updates", async () => {
    expect(await fake.pushUpdate({ update_id: 99, callback_query: { id: "1", data: "x" } })).toBe("filtered");
    expect(accepted).toEqual([]);
  });

  it("records a CRM that does not answer", async () => {
    await client.setWebhook({ url: "http://127.0.0.1:1/hook", secretToken: secret });
    expect(await fake.pushUpdate(textUpdate({ chatId: 1, text: "hi" }))).toBe(0);
    expect((await client.getWebhookInfo()).last_error_message).toBe("Connection refused");
  });

  it("queues updates for getUpdates when no webhook is set", async () => {
    await client.deleteWebhook({ dropPendingUpdates: true });
    const update = textUpdate({ chatId: 1, text: "polled" });
    expect(await fake.pushUpdate(update)).toBe("queued");
    const [raw] = await client.getUpdates({ allowedUpdates: TELEGRAM_ALLOWED_UPDATES });
    expect(raw && parseUpdate(raw)).toEqual(update);
  });
});
