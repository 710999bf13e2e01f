import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramFake, type TelegramFake, textUpdate } from "../../../../../test/fakes/telegram.ts";
import { createTestApp, type TestApp, testLogger } from "../../../../../test/support/app.ts";
import { signUp } from "../../../../../test/support/auth.ts";
import { BOT_TOKEN, seedChannel } from "../../../../../test/support/conversations.ts";
import { waitFor } from "../../../../../test/support/wait.ts";
import { meOf } from "../../../../../test/support/workspace.ts";
import { conversations, messages, messagingIntegrations } from "../../../db/schema/index.ts";
import { createTelegramClient } from "../telegram/client.ts";
import { startTelegramPolling, type TelegramPolling } from "./telegram-poller.ts";

describe("Telegram long polling", () => {
  let t: TestApp;
  let fake: TelegramFake;
  let polling: TelegramPolling | null = null;
  beforeAll(async () => {
    fake = await startTelegramFake({ tokens: [BOT_TOKEN] });
    t = await createTestApp({ env: { FLAME_TELEGRAM_API_URL: fake.url } });
  });
  afterAll(async () => {
    await polling?.stop();
    await t.close();
    await fake.close();
  });

  const integration = async (id: string) =>
    (await t.database.db.select().from(messagingIntegrations).where(eq(messagingIntegrations.id, id)))[0];

  it("stores polled messages as the webhook does, keeps the offset, and stops on a webhook conflict", async () => {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    const id = await seedChannel(t, workspaceId, "telegram");
    await t.database.db
      .update(messagingIntegrations)
      .set({ delivery: "polling" })
      .where(and(eq(messagingIntegrations.workspaceId, workspaceId), eq(messagingIntegrations.id, id)));
    polling = startTelegramPolling(t.platform, testLogger(), {
      pollTimeoutSeconds: 1,
      rescanMs: 50,
      backoffMs: 50,
    });

    const update = textUpdate({ chatId: 5_550_001, text: "Здравствуйте, есть доставка?" });
    expect(await fake.pushUpdate(update)).toBe("queued");
    const stored = await waitFor(async () => {
      const [row] = await t.database.db
        .select()
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.integrationId, id)));
      return row;
    }, "the polled message");
    expect(stored).toMatchObject({
      direction: "inbound",
      text: "Здравствуйте, есть доставка?",
      externalId: `5550001:${update.message?.message_id}`,
    });
    const [chat] = await t.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, stored.conversationId));
    expect(chat).toMatchObject({ externalChatId: "5550001", unreadCount: 1 });
    // The offset is stored after the batch, and the next poll confirms the update to Telegram.
    await waitFor(async () => (await integration(id))?.pollingOffset === update.update_id + 1, "the offset");
    await waitFor(async () => fake.pending().length === 0, "the update to be confirmed");

    // Someone sets a webhook for the same bot: polling would fight it, so it stops and says why.
    await createTelegramClient({ baseUrl: fake.url, token: BOT_TOKEN }).setWebhook({
      url: "https://elsewhere.example/hook",
    });
    const parked = await waitFor(async () => {
      const row = await integration(id);
      return row?.status === "error" ? row : undefined;
    }, "the conflict to be recorded");
    expect(parked.lastError).toContain("Conflict");
    const polls = fake.calls.filter((c) => c.method.toLowerCase() === "getupdates").length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls.filter((c) => c.method.toLowerCase() === "getupdates")).toHaveLength(polls);

    await polling.stop();
    polling = null;
  });

  it("polls each bot from one node at a time, and another node takes over when it stops", async () => {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    const id = await seedChannel(t, workspaceId, "telegram");
    await t.database.db
      .update(messagingIntegrations)
      .set({ delivery: "polling" })
      .where(and(eq(messagingIntegrations.workspaceId, workspaceId), eq(messagingIntegrations.id, id)));
    // The previous case left a webhook at the fake bot, and a channel of the same bot.
    await createTelegramClient({ baseUrl: fake.url, token: BOT_TOKEN }).deleteWebhook();
    await t.database.db
      .update(messagingIntegrations)
      .set({ status: "disconnected" })
      .where(ne(messagingIntegrations.id, id));
    // Two worker nodes: without a lease their getUpdates would cut each other off (409 Conflict).
    const options = { pollTimeoutSeconds: 1, rescanMs: 50, backoffMs: 50 };
    const nodes = [startTelegramPolling(t.platform, testLogger(), options)];
    nodes.push(startTelegramPolling(t.platform, testLogger(), options));
    const stored = (text: string) =>
      waitFor(async () => {
        const rows = await t.database.db.select().from(messages).where(eq(messages.integrationId, id));
        return rows.some((m) => m.text === text);
      }, text);
    try {
      for (const text of ["Первый вопрос", "Второй вопрос"]) {
        await fake.pushUpdate(textUpdate({ chatId: 5_550_002, text }));
        await stored(text);
      }
      // Long enough for several polls of both nodes.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const holder = await integration(id);
      expect(holder).toMatchObject({ status: "active", lastError: null });
      expect(holder?.pollingNode).toBeTruthy();

      await nodes[0]?.stop();
      await fake.pushUpdate(textUpdate({ chatId: 5_550_002, text: "Третий вопрос" }));
      await stored("Третий вопрос");
      expect(await integration(id)).toMatchObject({ status: "active" });
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
    expect((await integration(id))?.pollingNode).toBeNull();
  });
});
