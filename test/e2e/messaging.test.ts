// Each messaging channel in a real browser, against its fake: connect it in the settings, a new person
// writes, the chat becomes a contact and a deal or an Unsorted lead, the manager replies and sees the
// delivery status. Then response times: the workspace's threshold, overdue chats in the inbox and on
// the dashboard.
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, messagingIntegrations } from "../../src/server/db/schema/index.ts";
import { openWebhookSecret } from "../../src/server/integrations/messaging/channels.ts";
import { TELEGRAM_SECRET_HEADER } from "../../src/server/integrations/messaging/telegram/secrets.ts";
import { type AvitoFake, startAvitoFake } from "../fakes/avito.ts";
import { privateChat, startTelegramFake, telegramUser, textUpdate } from "../fakes/telegram.ts";
import { startWhatsAppFake, type WhatsAppFake } from "../fakes/whatsapp.ts";
import { AVITO, WHATSAPP } from "../support/channel-hooks.ts";
import { seedChannel, seedConversation } from "../support/conversations.ts";
import { waitFor } from "../support/wait.ts";
import {
  launchBrowser,
  newSession,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from "./browser.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

const MINUTE = 60_000;

describe("messaging channels in the browser", () => {
  let fake: Awaited<ReturnType<typeof startTelegramFake>>;
  let wa: WhatsAppFake;
  let avito: AvitoFake;
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    [fake, wa, avito] = await Promise.all([
      startTelegramFake({ tokens: [TOKEN] }),
      startWhatsAppFake({ ...WHATSAPP }),
      startAvitoFake({ ...AVITO }),
    ]);
    [web, browser] = await Promise.all([
      startWebApp({
        env: {
          FLAME_TELEGRAM_API_URL: fake.url,
          FLAME_WHATSAPP_API_URL: wa.url,
          FLAME_AVITO_API_URL: avito.url,
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await Promise.all([fake?.close(), wa?.close(), avito?.close()]);
  });

  it("connects a Telegram bot, turns a first message into a contact in the inbox, and sends the reply", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    await page.goto("/settings/channels");
    await page.getByTestId("channel-connect-telegram").click();
    await page.getByTestId("channel-token").fill(TOKEN);
    await page.getByTestId("channel-submit").click();
    const row = page.locator('[data-testid^="channel-row-"]').first();
    await row.waitFor();
    const integrationId = (await row.getAttribute("data-testid"))?.replace("channel-row-", "") ?? "";
    await screenshot(page, "telegram-connected");

    // The client writes to the bot; Telegram delivers the update with the channel's secret.
    const [integration] = await web.database.db
      .select()
      .from(messagingIntegrations)
      .where(eq(messagingIntegrations.id, integrationId));
    if (!integration) throw new Error("the connected channel is not stored");
    // The test delivers the update itself (the app's PUBLIC_URL is not https, so the bot is in polling
    // mode and no webhook is registered at the fake); the fake must know the chat to accept replies.
    fake.addChat(privateChat(412345678, "Ольга", "Смирнова"));
    const update = textUpdate({
      chatId: 412345678,
      text: "Здравствуйте, есть ли в наличии диван «Остин»?",
      from: telegramUser(412345678, "Ольга", "Смирнова", "olga_s"),
    });
    const delivered = await fetch(`${web.baseUrl}/api/hooks/telegram/${integrationId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [TELEGRAM_SECRET_HEADER]: openWebhookSecret(web.platform.secrets, integration),
      },
      body: JSON.stringify(update),
    });
    expect(delivered.status).toBe(200);

    await page.goto("/inbox");
    const item = page.locator('[data-testid^="inbox-item-"]').filter({ hasText: "Смирнова" });
    await item.first().click();
    await page.getByTestId("thread").getByText("диван «Остин»").waitFor();
    await page.getByTestId("conversation-contact").waitFor();
    await page.getByTestId("reply-input").fill("Да, есть в наличии. Когда удобно приехать?");
    await page.keyboard.press("Enter");
    await waitFor(
      () => fake.sent.some((m) => m.text === "Да, есть в наличии. Когда удобно приехать?"),
      "the reply at Telegram",
    );
    // The thread follows the message from queued to sent without a reload.
    await page.locator('[data-direction="outbound"][data-status="sent"]').waitFor({ timeout: 20_000 });
    await screenshot(page, "inbox-reply-sent");
    expect(String(fake.sent.find((m) => m.text.startsWith("Да, есть"))?.chatId)).toBe("412345678");
    await context.close();
  });

  it("connects a WhatsApp number that makes deals, and follows the reply to read", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    await page.goto("/settings/channels");
    await page.getByTestId("channel-connect-whatsapp").click();
    await page.getByTestId("channel-access-token").fill(WHATSAPP.accessToken);
    await page.getByTestId("channel-app-secret").fill(WHATSAPP.appSecret);
    await page.getByTestId("channel-phone-number-id").fill(WHATSAPP.phoneNumberId);
    await page.getByTestId("channel-waba-id").fill(WHATSAPP.wabaId);
    await page.getByTestId("channel-auto-deal").check();
    await page.getByTestId("channel-submit").click();
    // What the manager pastes into Meta's dashboard; Meta then makes its handshake with it.
    const callbackUrl = (await page.getByTestId("whatsapp-callback-url").textContent()) ?? "";
    const verifyToken = (await page.getByTestId("whatsapp-verify-token").textContent()) ?? "";
    await screenshot(page, "whatsapp-callback");
    await page.getByTestId("whatsapp-webhook-close").click();
    const handshake = await wa.handshake(callbackUrl, verifyToken);
    expect(handshake).toMatchObject({ status: 200, body: handshake.challenge });

    const client = "79161234567";
    const pushed = await wa.pushMessage(callbackUrl, {
      from: client,
      name: "Иван Петров",
      text: "Добрый день! Сколько стоит доставка в Казань?",
    });
    expect(pushed.status).toBe(200);
    await page.goto("/inbox");
    await page.locator('[data-testid^="inbox-item-"]').filter({ hasText: "Иван Петров" }).first().click();
    await page.getByTestId("thread").getByText("доставка в Казань").waitFor();
    // The channel makes deals: the chat is linked to the new one.
    await page.getByTestId("conversation-deal").waitFor();
    const answer = "Доставка в Казань — 1 500 ₽, 3 дня.";
    await page.getByTestId("reply-input").fill(answer);
    await page.keyboard.press("Enter");
    const sent = await waitFor(() => wa.sent.find((m) => m.text === answer), "the reply at WhatsApp");
    expect(sent.to).toBe(client);
    await page.locator('[data-direction="outbound"][data-status="sent"]').waitFor({ timeout: 20_000 });
    // Meta reports delivery, then the client reads it: the open thread follows without a reload.
    for (const status of ["delivered", "read"] as const) {
      expect((await wa.pushStatus(callbackUrl, { id: sent.id, status, recipientId: client })).status).toBe(
        200,
      );
    }
    await page.locator('[data-direction="outbound"][data-status="read"]').waitFor({ timeout: 20_000 });
    await screenshot(page, "whatsapp-reply-read");
    await context.close();
  });

  it("connects an Avito account, accepts the chat's Unsorted lead and answers from the deal card", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    await page.goto("/settings/channels");
    await page.getByTestId("channel-connect-avito").click();
    await page.getByTestId("channel-client-id").fill(AVITO.clientId);
    await page.getByTestId("channel-client-secret").fill(AVITO.clientSecret);
    await page.getByTestId("channel-submit").click();
    await page.locator('[data-testid^="channel-row-"]').first().waitFor();
    // Connecting subscribed the CRM's URL at Avito; a buyer now writes about a listing.
    await waitFor(() => avito.subscriptions.length > 0, "the Avito webhook subscription");
    const pushed = await avito.pushMessage({ text: "Здравствуйте! Диван ещё продаёте?", itemId: 4123456789 });
    expect(pushed.deliveries.map((d) => d.statuses)).toEqual([[200]]);

    // New chats of this channel wait in Unsorted (the default): the manager accepts the lead.
    await page.goto("/unsorted");
    const lead = page.locator('[data-testid^="unsorted-item-"]').filter({ hasText: "Диван ещё продаёте?" });
    await lead.waitFor();
    await screenshot(page, "avito-unsorted-lead");
    await lead.locator('[data-testid^="unsorted-accept-"]').click();
    await page.getByTestId("unsorted-accept-submit").click();
    await page.getByTestId("unsorted-open-deal").click();
    // The accepted deal carries the chat: the manager answers from the deal card.
    await page.getByTestId("thread").getByText("Диван ещё продаёте?").waitFor();
    const answer = "Да, продаём. Можно посмотреть в субботу.";
    await page.getByTestId("reply-input").fill(answer);
    await page.keyboard.press("Enter");
    const sent = await waitFor(() => avito.sent.find((m) => m.text === answer), "the reply at Avito");
    expect(sent.chatId).toBe(pushed.chatId);
    await page.locator('[data-direction="outbound"][data-status="sent"]').waitFor({ timeout: 20_000 });
    await screenshot(page, "avito-reply-from-deal");
    await context.close();
  });

  it("sets the threshold, shows overdue chats in the inbox and on the dashboard", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    const me = await (await page.request.get("/api/me")).json();
    const workspaceId = me.activeWorkspace.id as string;
    const tg = await seedChannel(web, workspaceId);
    const now = Date.now();
    const waiting = await seedConversation(web, workspaceId, tg, { at: new Date(now - 30 * MINUTE) });
    const answered = await seedConversation(web, workspaceId, tg, { at: new Date(now - 3 * 60 * MINUTE) });
    const replied = new Date(now - 3 * 60 * MINUTE + 4 * MINUTE);
    await web.database.db
      .update(conversations)
      .set({ firstResponseAt: replied, lastOutboundAt: replied, lastMessageAt: replied })
      .where(eq(conversations.id, answered.id));

    await page.goto("/settings/workspace");
    const field = page.getByTestId("workspace-unanswered-minutes");
    await expect.poll(() => field.inputValue()).toBe("60");
    await field.fill("3");
    await page.getByTestId("workspace-save").click();
    // Mantine clamps to the bounds when the field loses focus.
    await expect.poll(() => field.inputValue()).toBe("5");
    await field.fill("");
    await page.getByTestId("workspace-save").click();
    await expect.poll(() => page.getByText("Целое число минут от 5 до 10080").count()).toBe(1);
    await field.fill("15");
    await page.getByTestId("workspace-save").click();
    await expect
      .poll(async () => (await (await page.request.get("/api/me")).json()).activeWorkspace.unansweredMinutes)
      .toBe(15);
    await screenshot(page, "responses-settings");

    await page.goto("/dashboard");
    const card = page.getByTestId("dashboard-responses");
    await expect.poll(() => card.getAttribute("data-state")).toBe("ready");
    await expect.poll(() => page.getByTestId("dashboard-responses-overdue-link").textContent()).toBe("1");
    expect(await card.textContent()).toContain("4 мин");
    await screenshot(page, "responses-dashboard");
    await page.getByTestId("dashboard-responses-overdue-link").click();
    await page.waitForURL("**/inbox?f=overdue");
    const items = page.getByTestId("inbox-items");
    await expect.poll(() => page.getByTestId(`inbox-item-${waiting.id}`).count()).toBe(1);
    expect(await page.getByTestId(`inbox-item-${answered.id}`).count()).toBe(0);
    expect(await items.getByTestId("overdue").textContent()).toBe("Ждёт 30 мин");
    await screenshot(page, "responses-inbox");
    // Off, the chip leaves the wider "unanswered" filter; on again, only the overdue chat.
    await page.getByTestId("inbox-filter-overdue").click();
    await page.waitForURL("**/inbox?f=unanswered");
    await page.getByTestId("inbox-filter-overdue").click();
    await page.waitForURL("**/inbox?f=overdue");
    await expect.poll(() => items.getByTestId("overdue").count()).toBe(1);
    await screenshot(page, "responses-inbox-filter");
    await context.close();
  });
});
