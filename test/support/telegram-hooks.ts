// Shared by the Telegram receiver tests (src/server/integrations/messaging/inbound/): the real app
// listening on a port, the Telegram fake pushing to it, and channels connected the way the settings
// endpoints will (sealed token and secret, setWebhook).
import type { AddressInfo } from "node:net";
import { and, asc, eq, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { expect } from "vitest";
import {
  contacts,
  conversations,
  deals,
  messages,
  messagingIntegrations,
  stages,
  unsortedLeads,
} from "../../src/server/db/schema/index.ts";
import { sealCredentials, WEBHOOK_SECRET_CONTEXT } from "../../src/server/integrations/messaging/channels.ts";
import { createTelegramClient } from "../../src/server/integrations/messaging/telegram/client.ts";
import { newSecretToken } from "../../src/server/integrations/messaging/telegram/secrets.ts";
import type { TelegramUpdate } from "../../src/server/integrations/messaging/telegram/types.ts";
import { newId } from "../../src/server/platform/ids.ts";
import { startTelegramFake, type TelegramFake } from "../fakes/telegram.ts";
import { createTestApp, type TestApp, type TestDriver } from "./app.ts";
import { type Session, signUp } from "./auth.ts";
import { caller, meOf } from "./workspace.ts";

export const BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

type IntegrationInsert = typeof messagingIntegrations.$inferInsert;
export type ChannelSettings = Partial<
  Pick<
    IntegrationInsert,
    | "autoCreateContact"
    | "autoCreateDeal"
    | "unsortedForNewChats"
    | "defaultSourceId"
    | "defaultPipelineId"
    | "defaultAssigneeId"
    | "status"
  >
>;

export interface HookKit {
  t: TestApp;
  fake: TelegramFake;
  /** The app's base URL on 127.0.0.1. */
  appUrl: string;
  call: ReturnType<typeof caller>;
  /** A new person with a new workspace. */
  owner(): Promise<{ session: Session; workspaceId: string; userId: string }>;
  /** Connects a Telegram channel to the workspace and points the fake bot's webhook at it. */
  connect(
    workspaceId: string,
    settings?: ChannelSettings,
  ): Promise<{ id: string; secret: string; hookUrl: string }>;
  /** Pushes an update through the fake's webhook and expects the app to acknowledge it. */
  push(update: TelegramUpdate): Promise<void>;
  /** The only row of a query (fails the test unless there is exactly one). */
  one<T>(rows: Promise<T[]>): Promise<T>;
  /** The first open stage of a pipeline: where new deals go. */
  firstOpenStage(workspaceId: string, pipelineId: string): Promise<typeof stages.$inferSelect | undefined>;
  /** How many rows of each kind the workspace holds. */
  counts(
    workspaceId: string,
  ): Promise<Record<"conversations" | "messages" | "contacts" | "deals" | "leads", number>>;
  close(): Promise<void>;
}

export async function startHookKit(
  options: { driver?: TestDriver; env?: Record<string, string> } = {},
): Promise<HookKit> {
  const t = await createTestApp(options);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const appUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const fake = await startTelegramFake({ tokens: [BOT_TOKEN] });
  const bot = createTelegramClient({ baseUrl: fake.url, token: BOT_TOKEN });
  const call = caller(t.app);
  const db = t.database.db;

  const count = async (table: PgTable & { workspaceId: PgColumn }, workspaceId: string) =>
    db.$count(table, and(eq(table.workspaceId, workspaceId)) as SQL);

  return {
    t,
    fake,
    appUrl,
    call,
    async owner() {
      const session = await signUp(t.app);
      const me = await meOf(t.app, session);
      return { session, workspaceId: me.activeWorkspace.id as string, userId: me.user.id as string };
    },
    async connect(workspaceId, settings = {}) {
      const id = newId();
      const secret = newSecretToken();
      await db.insert(messagingIntegrations).values({
        workspaceId,
        id,
        platform: "telegram",
        name: "Бот магазина",
        credentials: sealCredentials(t.platform.secrets, "telegram", { token: BOT_TOKEN }),
        webhookSecret: t.platform.secrets.seal(secret, WEBHOOK_SECRET_CONTEXT),
        account: { username: fake.me().username ?? "" },
        ...settings,
      });
      const hookUrl = `${appUrl}/api/hooks/telegram/${id}`;
      await bot.setWebhook({ url: hookUrl, secretToken: secret, dropPendingUpdates: true });
      return { id, secret, hookUrl };
    },
    async push(update) {
      expect(await fake.pushUpdate(update)).toBe(200);
    },
    async one(rows) {
      const list = await rows;
      expect(list).toHaveLength(1);
      return list[0] as (typeof list)[number];
    },
    async firstOpenStage(workspaceId, pipelineId) {
      const [stage] = await db
        .select()
        .from(stages)
        .where(
          and(
            eq(stages.workspaceId, workspaceId),
            eq(stages.pipelineId, pipelineId),
            eq(stages.kind, "open"),
          ),
        )
        .orderBy(asc(stages.position))
        .limit(1);
      return stage;
    },
    async counts(workspaceId) {
      const [c, m, p, d, l] = await Promise.all(
        [conversations, messages, contacts, deals, unsortedLeads].map((table) => count(table, workspaceId)),
      );
      return { conversations: c ?? 0, messages: m ?? 0, contacts: p ?? 0, deals: d ?? 0, leads: l ?? 0 };
    },
    async close() {
      await fake.close();
      await t.close();
    },
  };
}
