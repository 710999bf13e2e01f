// The messaging tables enforce what the channels rely on, in the database itself: tenant-bound links and
// one row per provider message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { signUp } from "../../../test/support/auth.ts";
import { caller, meOf } from "../../../test/support/workspace.ts";
import { conversations, messages, messagingIntegrations } from "./schema/index.ts";

describe("messaging schema", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function workspaceWithContact() {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id;
    const contact = (await caller(t.app)(s, "POST", "/api/contacts", { firstName: "Ольга" })).json();
    const integrationId = `int-${workspaceId}`;
    await t.database.db.insert(messagingIntegrations).values({
      workspaceId,
      id: integrationId,
      platform: "telegram",
      name: "Бот",
      credentials: t.platform.secrets.seal('{"token":"1:x"}', "messaging.credentials"),
      webhookSecret: t.platform.secrets.seal("s", "messaging.webhookSecret"),
    });
    return { workspaceId, contactId: contact.id as string, integrationId };
  }

  it("refuses a conversation linked to another workspace's contact", async () => {
    const mine = await workspaceWithContact();
    const theirs = await workspaceWithContact();
    const insert = t.database.db.insert(conversations).values({
      workspaceId: mine.workspaceId,
      id: "c1",
      integrationId: mine.integrationId,
      externalChatId: "412345678",
      title: "Ольга",
      contactId: theirs.contactId,
    });
    await expect(insert).rejects.toMatchObject({ cause: { code: "23503" } });
  });

  it("keeps one row per provider message id, whatever the provider resends", async () => {
    const { workspaceId, integrationId, contactId } = await workspaceWithContact();
    await t.database.db.insert(conversations).values({
      workspaceId,
      id: "c2",
      integrationId,
      externalChatId: "412345678",
      title: "Ольга",
      contactId,
    });
    const message = {
      workspaceId,
      conversationId: "c2",
      integrationId,
      direction: "inbound" as const,
      externalId: "412345678:52",
      text: "Здравствуйте",
      status: "received" as const,
    };
    await t.database.db.insert(messages).values({ ...message, id: "m1" });
    const again = await t.database.db
      .insert(messages)
      .values({ ...message, id: "m2" })
      .onConflictDoNothing()
      .returning();
    expect(again).toEqual([]);
  });
});
