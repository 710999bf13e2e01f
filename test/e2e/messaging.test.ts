// A Telegram bot in a real browser: connect it in the settings, a new person writes, the chat appears
// in the inbox with a contact, the manager replies and sees it sent — against the Telegram fake.
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagingIntegrations } from "../../src/server/db/schema/index.ts";
import { openWebhookSecret } from "../../src/server/integrations/messaging/channels.ts";
import { TELEGRAM_SECRET_HEADER } from "../../src/server/integrations/messaging/telegram/secrets.ts";
import { privateChat, startTelegramFake, telegramUser, textUpdate } from "../fakes/telegram.ts";
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

describe("a Telegram bot in the browser", () => {
  let fake: Awaited<ReturnType<typeof startTelegramFake>>;
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    fake = await startTelegramFake({ tokens: [TOKEN] });
    [web, browser] = await Promise.all([
      startWebApp({ env: { FLAME_TELEGRAM_API_URL: fake.url } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await fake?.close();
  });

  it("connects the bot, turns a first message into a contact in the inbox, and sends the reply", async () => {
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
});
