// What contacts, companies and deals share: bulk actions, custom fields, dictionaries, team visibility.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { lastMail, signUp, tokenIn } from "../../../../test/support/auth.ts";
import { seedChannel, seedConversation } from "../../../../test/support/conversations.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";

describe("records: bulk actions, custom fields, dictionaries, team visibility", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  it("validates custom field values against their definitions, and filters and sorts by them", async () => {
    const s = await signUp(t.app);
    const def = (body: object) => call(s, "POST", "/api/custom-fields", { entity: "contact", ...body });
    expect(
      (await def({ key: "city", label: "Город", type: "select", options: ["Москва", "Казань"] })).statusCode,
    ).toBe(201);
    expect((await def({ key: "birthday", label: "День рождения", type: "date" })).statusCode).toBe(201);
    expect((await def({ key: "vip", label: "VIP", type: "select" })).statusCode).toBe(422); // a select needs options

    const bad = await call(s, "POST", "/api/contacts", {
      firstName: "X",
      customFields: { city: "Тверь", birthday: "31.12.1990", nope: 1 },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(["customFields.birthday", "customFields.city", "customFields.nope"]);
    expect((await call(s, "GET", "/api/contacts")).json().items).toEqual([]);

    await call(s, "POST", "/api/contacts", {
      firstName: "Б",
      customFields: { city: "Москва", birthday: "1990-12-31" },
    });
    await call(s, "POST", "/api/contacts", { firstName: "А", customFields: { city: "Казань" } });
    await call(s, "POST", "/api/contacts", { firstName: "В" });
    const moscow = (await call(s, "GET", `/api/contacts?cf.city=${encodeURIComponent("Москва")}`)).json()
      .items;
    expect(moscow.map((c: { firstName: string }) => c.firstName)).toEqual(["Б"]);
    const sorted = (await call(s, "GET", "/api/contacts?sort=cf.city&order=asc")).json().items;
    expect(sorted.map((c: { firstName: string }) => c.firstName)).toEqual(["В", "А", "Б"]);
  });

  it("requires a required custom field on create and update, after checking the references", async () => {
    const s = await signUp(t.app);
    const me = (await meOf(t.app, s)).user.id;
    for (const [key, type] of [
      ["channel", "text"],
      ["budget", "money"],
    ]) {
      const res = await call(s, "POST", "/api/custom-fields", {
        entity: "deal",
        key,
        label: key,
        type,
        required: key === "budget",
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const missing = await call(s, "POST", "/api/deals", { title: "Без бюджета", ownerId: me });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details).toEqual([{ field: "customFields.budget", message: "is required" }]);
    const badContact = await call(s, "POST", "/api/deals", { title: "X", ownerId: me, contactIds: ["nope"] });
    expect(badContact.statusCode).toBe(404);
    expect(badContact.json().error.message).toMatch(/Contact/);
    expect((await call(s, "GET", "/api/deals")).json().items).toEqual([]);

    const deal = await call(s, "POST", "/api/deals", {
      title: "С бюджетом",
      ownerId: me,
      customFields: { budget: 1_000_00, channel: "сайт" },
    });
    expect(deal.statusCode, deal.body).toBe(201);
    expect(deal.json().customFields).toEqual({ budget: 1_000_00, channel: "сайт" });
    const cleared = await call(s, "PATCH", `/api/deals/${deal.json().id}`, {
      customFields: { budget: null },
    });
    expect(cleared.statusCode).toBe(422);
    expect(cleared.json().error.details).toEqual([{ field: "customFields.budget", message: "is required" }]);
  });

  it("manages sources, loss reasons and tags, and refuses deleting a source in use", async () => {
    const s = await signUp(t.app);
    const source = (await call(s, "POST", "/api/sources", { name: "Выставка", kind: "other" })).json();
    expect(source).toMatchObject({ name: "Выставка", kind: "other" });
    await call(s, "POST", "/api/contacts", { firstName: "X", sourceId: source.id });
    expect((await call(s, "DELETE", `/api/sources/${source.id}`)).statusCode).toBe(409);
    const tag = await call(s, "POST", "/api/tags", { name: "VIP", color: "#ff7a00" });
    expect(tag.statusCode).toBe(201);
    expect((await call(s, "POST", "/api/tags", { name: "vip" })).statusCode).toBe(409);
    const other = await signUp(t.app);
    expect((await call(other, "PATCH", `/api/tags/${tag.json().id}`, { name: "x" })).statusCode).toBe(404);
    expect((await call(other, "DELETE", `/api/sources/${source.id}`)).statusCode).toBe(404);
  });

  it("assigns, tags and deletes many contacts at once, by ids or by filter, each change in the timeline", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "manager");
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await call(w.owner, "POST", "/api/contacts", { firstName: `К${i}` })).json().id);
    const tag = (await call(w.owner, "POST", "/api/tags", { name: "Горячий" })).json();

    const assigned = await call(w.owner, "POST", "/api/contacts/bulk", {
      ids: ids.slice(0, 3),
      action: { type: "assignOwner", ownerId: w.colleagueId },
    });
    expect(assigned.json()).toEqual({ affected: 3 });
    const tagged = await call(w.owner, "POST", "/api/contacts/bulk", {
      filter: { ownerId: w.colleagueId },
      action: { type: "addTag", tagId: tag.id },
    });
    expect(tagged.json()).toEqual({ affected: 3 });
    const hot = (await call(w.owner, "GET", `/api/contacts?tagId=${tag.id}`)).json().items;
    expect(hot).toHaveLength(3);

    await waitFor(async () => {
      const timeline = (
        await call(w.owner, "GET", `/api/timeline?recordType=contact&recordId=${ids[0]}`)
      ).json();
      return timeline.items.some((e: { kind: string }) => e.kind === "owner_changed");
    }, "the owner change in the timeline");

    const stranger = await signUp(t.app);
    const foreign = await call(stranger, "POST", "/api/contacts/bulk", {
      ids: [ids[3]],
      action: { type: "delete" },
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (
        await call(w.owner, "POST", "/api/contacts/bulk", {
          ids: [ids[3], "nope"],
          action: { type: "delete" },
        })
      ).statusCode,
    ).toBe(404);
    expect((await call(w.owner, "GET", "/api/contacts")).json().items).toHaveLength(4);

    const removed = await call(w.owner, "POST", "/api/contacts/bulk", {
      filter: { tagId: tag.id },
      action: { type: "delete" },
    });
    expect(removed.json()).toEqual({ affected: 3 });
    expect(
      (await call(w.owner, "GET", "/api/contacts")).json().items.map((c: { id: string }) => c.id),
    ).toEqual([ids[3]]);
  });

  it("bulk-deletes contacts and deals that have conversations, keeping the conversations unlinked", async () => {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    const channel = await seedChannel(t, workspaceId);
    const contact = (await call(s, "POST", "/api/contacts", { firstName: "Ольга" })).json();
    const deal = (
      await call(s, "POST", "/api/deals", { title: "Доставка", contactIds: [contact.id] })
    ).json();
    const chat = await seedConversation(t, workspaceId, channel, { contactId: contact.id, dealId: deal.id });
    const bulk = (entity: string, id: string) =>
      call(s, "POST", `/api/${entity}/bulk`, { ids: [id], action: { type: "delete" } });
    expect((await bulk("deals", deal.id)).json()).toEqual({ affected: 1 });
    expect((await call(s, "GET", `/api/conversations/${chat.id}`)).json()).toMatchObject({
      contactId: contact.id,
      dealId: null,
    });
    expect((await bulk("contacts", contact.id)).json()).toEqual({ affected: 1 });
    expect((await call(s, "GET", `/api/conversations/${chat.id}`)).json()).toMatchObject({
      contactId: null,
      dealId: null,
    });
  });

  it("moves many deals to a stage; losing them needs a reason", async () => {
    const s = await signUp(t.app);
    const [pipeline] = (await call(s, "GET", "/api/pipelines")).json().items;
    const lost = pipeline.stages.find((x: { kind: string }) => x.kind === "lost");
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await call(s, "POST", "/api/deals", { title: `D${i}` })).json().id);
    expect(
      (await call(s, "POST", "/api/deals/bulk", { ids, action: { type: "moveStage", stageId: lost.id } }))
        .statusCode,
    ).toBe(422);
    const reason = (await call(s, "GET", "/api/loss-reasons")).json().items[0];
    const moved = await call(s, "POST", "/api/deals/bulk", {
      ids,
      action: { type: "moveStage", stageId: lost.id, lossReasonId: reason.id },
    });
    expect(moved.json()).toEqual({ affected: 3 });
    const deals = (await call(s, "GET", "/api/deals?status=lost")).json().items;
    expect(deals).toHaveLength(3);
    expect(
      deals.every(
        (d: { closedAt: string | null; lossReasonId: string }) => d.closedAt && d.lossReasonId === reason.id,
      ),
    ).toBe(true);
  });

  it("shows a manager with `team` visibility the records of their teammates, not of others", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "manager");
    const outsider = await signUp(t.app);
    const invite = await call(w.owner, "POST", `/api/workspaces/${w.workspaceId}/invitations`, {
      email: outsider.email,
      role: "member",
    });
    expect(invite.statusCode).toBe(201);
    const token = tokenIn((await lastMail(t.database.db, outsider.email, "invitation")).text);
    await call(outsider, "POST", "/api/invitations/accept", { token });
    const mate = await signUp(t.app);
    const mateInvite = await call(w.owner, "POST", `/api/workspaces/${w.workspaceId}/invitations`, {
      email: mate.email,
      role: "member",
    });
    expect(mateInvite.statusCode).toBe(201);
    await call(mate, "POST", "/api/invitations/accept", {
      token: tokenIn((await lastMail(t.database.db, mate.email, "invitation")).text),
    });
    const mateId = (await meOf(t.app, mate)).user.id;
    await call(w.owner, "POST", `/api/workspaces/${w.workspaceId}/teams`, {
      name: "Опт",
      leadUserId: w.colleagueId,
      memberIds: [mateId],
    });

    const matesDeal = (await call(mate, "POST", "/api/deals", { title: "Товарища" })).json();
    const outsidersDeal = (await call(outsider, "POST", "/api/deals", { title: "Чужого" })).json();
    const seen = (await call(w.colleague, "GET", "/api/deals")).json().items.map((d: { id: string }) => d.id);
    expect(seen).toContain(matesDeal.id);
    expect(seen).not.toContain(outsidersDeal.id);
  });

  it("answers 404 for another workspace's pipeline, stage, custom field and timeline", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const [pipeline] = (await call(a, "GET", "/api/pipelines")).json().items;
    const field = (
      await call(a, "POST", "/api/custom-fields", {
        entity: "deal",
        key: "budget",
        label: "Бюджет",
        type: "money",
      })
    ).json();
    const deal = (await call(a, "POST", "/api/deals", { title: "A" })).json();
    for (const [method, url, body] of [
      ["GET", `/api/pipelines/${pipeline.id}`],
      ["PATCH", `/api/pipelines/${pipeline.id}`, { name: "B" }],
      ["DELETE", `/api/pipelines/${pipeline.id}`],
      ["PATCH", `/api/pipelines/${pipeline.id}/stages/${pipeline.stages[0].id}`, { name: "B" }],
      ["GET", `/api/pipelines/${pipeline.id}/kanban`],
      ["DELETE", `/api/custom-fields/${field.id}`],
      ["GET", `/api/timeline?recordType=deal&recordId=${deal.id}`],
    ] as const) {
      expect((await call(b, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call(a, "GET", `/api/pipelines/${pipeline.id}`)).json().name).toBe(pipeline.name);
  });
});
