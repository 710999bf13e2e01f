// Who the sender is and who gets the chat: the contact by Telegram id, then by a shared phone; the
// contact's open deal in the channel's pipeline; managers in turn when there is no default assignee.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageUpdate, telegramUser, textUpdate } from "../../../../../test/fakes/telegram.ts";
import { signUp } from "../../../../../test/support/auth.ts";
import { type HookKit, startHookKit } from "../../../../../test/support/telegram-hooks.ts";
import { meOf } from "../../../../../test/support/workspace.ts";
import { contacts, conversations, deals, members, stages } from "../../../db/schema/index.ts";

let chat = 600_000_000;

describe("matching the sender and routing the chat", () => {
  let k: HookKit;
  beforeAll(async () => {
    k = await startHookKit();
  });
  afterAll(() => k.close());
  const db = () => k.t.database.db;

  it("reuses the contact with the sender's Telegram id, and its open deal in the channel's pipeline", async () => {
    const o = await k.owner();
    const chatId = ++chat;
    const known = (
      await k.call(o.session, "POST", "/api/contacts", { firstName: "Ольга", telegramId: String(chatId) })
    ).json();
    // The channel's own pipeline rather than the workspace's default.
    const second = (await k.call(o.session, "POST", "/api/pipelines", { name: "Опт" })).json();
    const firstStage = await k.firstOpenStage(o.workspaceId, second.id);
    const open = (
      await k.call(o.session, "POST", "/api/deals", {
        title: "Опт",
        pipelineId: second.id,
        contactIds: [known.id],
      })
    ).json();
    await k.connect(o.workspaceId, { autoCreateDeal: true, defaultPipelineId: second.id });
    await k.push(textUpdate({ chatId, text: "Это снова я" }));
    expect(await k.counts(o.workspaceId)).toMatchObject({ contacts: 1, deals: 1, leads: 0 });
    expect(
      await k.one(db().select().from(conversations).where(eq(conversations.workspaceId, o.workspaceId))),
    ).toMatchObject({
      contactId: known.id,
      dealId: open.id,
    });
    expect(open.stageId).toBe(firstStage?.id);

    // Once that deal is won, the next chat from the person starts a new deal in the first stage.
    const won = (
      await db()
        .select()
        .from(stages)
        .where(and(eq(stages.pipelineId, second.id), eq(stages.kind, "won")))
    )[0];
    expect((await k.call(o.session, "PATCH", `/api/deals/${open.id}`, { stageId: won?.id })).statusCode).toBe(
      200,
    );
    await k.push(textUpdate({ chatId, text: "Хочу ещё" }));
    const newest = (
      await db()
        .select()
        .from(deals)
        .where(eq(deals.workspaceId, o.workspaceId))
        .orderBy(asc(deals.createdAt))
    )[1];
    expect(newest).toMatchObject({ pipelineId: second.id, stageId: firstStage?.id, status: "open" });
    expect(
      (await k.one(db().select().from(conversations).where(eq(conversations.workspaceId, o.workspaceId))))
        .dealId,
    ).toBe(newest?.id);
  });

  it("finds the contact by a shared phone and teaches it the Telegram id; someone else's card does not count", async () => {
    const o = await k.owner();
    const existing = (
      await k.call(o.session, "POST", "/api/contacts", {
        firstName: "Ольга",
        phones: [{ number: "+7 916 123-45-67" }],
      })
    ).json();
    await k.connect(o.workspaceId);
    const stranger = ++chat;
    const card = { phone_number: "79161234567", first_name: "Ольга", user_id: 1 };
    await k.push(messageUpdate({ chatId: stranger, fields: { contact: card } }));
    expect(await k.counts(o.workspaceId)).toMatchObject({ contacts: 2 });

    const chatId = ++chat;
    const from = telegramUser(chatId, "Ольга", "Смирнова", "olga_77");
    await k.push(messageUpdate({ chatId, from, fields: { contact: { ...card, user_id: chatId } } }));
    expect(await k.counts(o.workspaceId)).toMatchObject({ contacts: 2, conversations: 2 });
    const conversation = await k.one(
      db()
        .select()
        .from(conversations)
        .where(
          and(eq(conversations.workspaceId, o.workspaceId), eq(conversations.externalChatId, String(chatId))),
        ),
    );
    expect(conversation.contactId).toBe(existing.id);
    expect(await k.one(db().select().from(contacts).where(eq(contacts.id, existing.id)))).toMatchObject({
      telegramId: String(chatId),
      telegramUsername: "olga_77",
      phones: [{ number: "+79161234567", type: "mobile" }],
    });
  });

  it("takes managers in turn when the channel has no (current) default assignee", async () => {
    const o = await k.owner();
    const managers: string[] = [];
    for (const name of ["Анна", "Борис"]) {
      const person = await signUp(k.t.app, { name });
      const userId = (await meOf(k.t.app, person)).user.id as string;
      await db().insert(members).values({ workspaceId: o.workspaceId, userId, role: "manager" });
      managers.push(userId);
    }
    // A default assignee who has left the workspace is skipped, not an error the provider retries forever.
    await k.connect(o.workspaceId, { autoCreateDeal: true, defaultAssigneeId: "left-the-company" });
    for (let i = 0; i < 3; i++) await k.push(textUpdate({ chatId: ++chat, text: `Заявка ${i}` }));
    const owners = (
      await db()
        .select()
        .from(deals)
        .where(eq(deals.workspaceId, o.workspaceId))
        .orderBy(asc(deals.createdAt))
    ).map((d) => d.ownerId);
    expect(new Set(owners.slice(0, 2))).toEqual(new Set(managers));
    expect(owners[2]).toBe(owners[0]);
  });
});
