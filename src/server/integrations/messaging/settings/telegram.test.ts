import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramFake, type TelegramFake } from "../../../../../test/fakes/telegram.ts";
import type { TestApp } from "../../../../../test/support/app.ts";
import {
  auditActions,
  newOwner,
  PUBLIC_URL,
  rowsOf,
  settingsApp,
  storedRow,
} from "../../../../../test/support/messaging-settings.ts";
import { caller } from "../../../../../test/support/workspace.ts";
import { openWebhookSecret } from "../channels.ts";
import { telegramDelivery } from "./telegram.ts";

const PATH = "/api/messaging/telegram-bot";
const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
// The same bot (same id before the colon) after its token was revoked in @BotFather.
const NEW_TOKEN = "123456789:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDnew";
const OTHER_BOT = "987654321:CCHdqTcvCH1vGWJxfSeofSAs0K5PALDoth";
const POLLING_BOT = "555555555:DDHdqTcvCH1vGWJxfSeofSAs0K5PALDpol";

describe("Telegram bot settings", () => {
  let fake: TelegramFake;
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    fake = await startTelegramFake({
      tokens: [TOKEN, NEW_TOKEN, OTHER_BOT, POLLING_BOT],
      requireHttps: true,
    });
    t = await settingsApp({ telegram: fake.url });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it("connects a bot: getMe, a webhook with a secret token, the token sealed and shown masked", async () => {
    const owner = await newOwner(t);
    const res = await call(owner, "POST", PATH, { credentials: { token: TOKEN } });
    expect(res.statusCode, res.body).toBe(201);
    const bot = res.json();
    expect(bot).toMatchObject({
      platform: "telegram",
      name: "@flame_test_123456789_bot",
      status: "active",
      delivery: "webhook",
      lastError: null,
      account: { botId: "123456789", username: "flame_test_123456789_bot", firstName: "Flame Test Bot" },
      credentials: { token: "1234…Dsaw" },
      autoCreateContact: true,
      autoCreateDeal: false,
      unsortedForNewChats: true,
      defaultSourceId: null,
    });

    const webhook = fake.webhook(TOKEN);
    expect(webhook?.url).toBe(`${PUBLIC_URL}/api/hooks/telegram/${bot.id}`);
    expect(webhook?.secretToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(webhook?.allowedUpdates).toEqual(["message", "edited_message"]);

    const row = await storedRow(t, bot.id);
    expect(row?.credentials).not.toContain("AAHdqTcv");
    expect(row?.webhookSecret).not.toContain(webhook?.secretToken);
    expect(row && openWebhookSecret(t.platform.secrets, row)).toBe(webhook?.secretToken);

    const list = await call(owner, "GET", PATH);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [bot] });
    expect(list.body).not.toContain("AAHdqTcv");
    expect(list.body).not.toContain(webhook?.secretToken);
    expect(await auditActions(t, bot.id)).toEqual(["messaging.connected"]);
  });

  it("answers 422 with Telegram's reason for a token it refuses, and stores nothing", async () => {
    const owner = await newOwner(t);
    const refused = await call(owner, "POST", PATH, {
      credentials: { token: "111111111:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDxxx" },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: "validation_failed",
      message: "Telegram refused the credentials: Unauthorized",
      details: { provider: "telegram", providerStatus: 401, reason: "Unauthorized" },
    });
    const calls = fake.calls.length;
    const malformed = await call(owner, "POST", PATH, { credentials: { token: "not a token" } });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().error.details[0].field).toBe("body.credentials.token");
    expect(fake.calls.length).toBe(calls); // a token of the wrong shape never reaches Telegram
    expect(await rowsOf(t, owner.workspaceId)).toEqual([]);
  });

  it("answers 503 with Retry-After while Telegram is flooded or down, and stores nothing", async () => {
    const owner = await newOwner(t);
    fake.failNext("getMe", {
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      retry_after: 7,
    });
    const res = await call(owner, "POST", PATH, { credentials: { token: TOKEN } });
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("7");
    expect(res.json().error).toMatchObject({ code: "unavailable", details: { retryAfterS: 7 } });
    expect(await rowsOf(t, owner.workspaceId)).toEqual([]);
  });

  it("refuses the same bot twice, replaces its token, refuses another bot's token", async () => {
    const owner = await newOwner(t);
    const bot = (await call(owner, "POST", PATH, { credentials: { token: TOKEN } })).json();
    const again = await call(owner, "POST", PATH, { credentials: { token: NEW_TOKEN } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ integrationId: bot.id });

    const replaced = await call(owner, "PATCH", `${PATH}/${bot.id}`, { credentials: { token: NEW_TOKEN } });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json().credentials).toEqual({ token: "1234…Dnew" });
    expect(fake.webhook(NEW_TOKEN)?.url).toBe(`${PUBLIC_URL}/api/hooks/telegram/${bot.id}`);

    const other = await call(owner, "PATCH", `${PATH}/${bot.id}`, { credentials: { token: OTHER_BOT } });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.message).toMatch(/another bot/);
    expect((await call(owner, "GET", PATH)).json().items[0].credentials).toEqual({ token: "1234…Dnew" });
    expect(await auditActions(t, bot.id)).toContain("messaging.credentials_replaced");
  });

  it("disconnects (deleteWebhook, the row stays), even when Telegram fails, and reconnects the same channel", async () => {
    const owner = await newOwner(t);
    const bot = (await call(owner, "POST", PATH, { credentials: { token: TOKEN }, name: "Бот" })).json();
    expect(fake.webhook(TOKEN)).not.toBeNull();
    const gone = await call(owner, "DELETE", `${PATH}/${bot.id}`);
    expect(gone.statusCode).toBe(204);
    expect(fake.webhook(TOKEN)).toBeNull();
    expect(fake.calls.at(-1)?.method).toBe("deleteWebhook");
    expect((await call(owner, "GET", PATH)).json()).toMatchObject({
      items: [{ id: bot.id, status: "disconnected" }],
    });
    expect(await auditActions(t, bot.id)).toEqual(["messaging.connected", "messaging.disconnected"]);

    const back = await call(owner, "POST", PATH, { credentials: { token: TOKEN } });
    expect(back.statusCode).toBe(201);
    expect(back.json()).toMatchObject({ id: bot.id, name: "Бот", status: "active" });
    expect(fake.webhook(TOKEN)?.url).toBe(`${PUBLIC_URL}/api/hooks/telegram/${bot.id}`);

    fake.failNext("deleteWebhook", { error_code: 502, description: "Bad Gateway" });
    expect((await call(owner, "DELETE", `${PATH}/${bot.id}`)).statusCode).toBe(204);
    expect((await storedRow(t, bot.id))?.status).toBe("disconnected");
  });

  it("polls instead of setting a webhook when PUBLIC_URL is not public https", async () => {
    expect(telegramDelivery("https://crm.example.ru")).toBe("webhook");
    expect(telegramDelivery("https://crm.example.ru:8443")).toBe("webhook");
    expect(telegramDelivery("https://crm.example.ru:3000")).toBe("polling");
    expect(telegramDelivery("http://192.168.1.10:3000")).toBe("polling");

    const lan = await settingsApp({ telegram: fake.url }, "http://localhost:3000");
    try {
      const owner = await newOwner(lan, "http://localhost:3000");
      const res = await caller(lan.app)(owner, "POST", PATH, { credentials: { token: POLLING_BOT } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().delivery).toBe("polling");
      const methods = fake.calls.filter((c) => c.token === POLLING_BOT).map((c) => c.method);
      expect(methods).toEqual(["getMe", "deleteWebhook"]);
      expect(fake.webhook(POLLING_BOT)).toBeNull();
    } finally {
      await lan.close();
    }
  });
});
