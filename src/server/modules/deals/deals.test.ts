import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { seedChannel, seedConversation } from "../../../../test/support/conversations.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { dealStageHistory, outbox } from "../../db/schema/index.ts";

interface Stage {
  id: string;
  name: string;
  kind: "open" | "won" | "lost";
}

describe("pipelines and deals", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  async function board(s: Session) {
    const [pipeline] = (await call(s, "GET", "/api/pipelines")).json().items;
    const stages: Stage[] = pipeline.stages;
    const open = stages.filter((x) => x.kind === "open");
    return {
      pipeline,
      open,
      won: stages.find((x) => x.kind === "won")!,
      lost: stages.find((x) => x.kind === "lost")!,
    };
  }

  it("gives every workspace a default pipeline with Russian stages, one won and one lost", async () => {
    const s = await signUp(t.app);
    const { pipeline, open, won, lost } = await board(s);
    expect(pipeline).toMatchObject({ name: "Воронка продаж", isDefault: true });
    expect(open[0]?.name).toBe("Первичный контакт");
    expect(won.name).toBe("Успешно реализовано");
    expect(lost.name).toBe("Закрыто и не реализовано");
  });

  it("creates a deal with exact money in the default pipeline's first stage", async () => {
    const s = await signUp(t.app);
    const { pipeline, open } = await board(s);
    const res = await call(s, "POST", "/api/deals", { title: "Поставка", amountMinor: 15_000_050 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      amountMinor: 15_000_050,
      currency: "RUB",
      pipelineId: pipeline.id,
      stageId: open[0]?.id,
      status: "open",
      closedAt: null,
    });
    for (const amountMinor of [-1, 1.5, "100"]) {
      const bad = await call(s, "POST", "/api/deals", { title: "x", amountMinor });
      expect(bad.statusCode, String(amountMinor)).toBe(422);
    }
  });

  it("refuses a stage of another pipeline (422) and of another workspace (404)", async () => {
    const s = await signUp(t.app);
    const other = await signUp(t.app);
    const { pipeline } = await board(s);
    const second = (await call(s, "POST", "/api/pipelines", { name: "Опт" })).json();
    const res = await call(s, "POST", "/api/deals", {
      title: "x",
      pipelineId: pipeline.id,
      stageId: second.stages[0].id,
    });
    expect(res.statusCode).toBe(422);
    const foreign = (await board(other)).open[0]!.id;
    expect((await call(s, "POST", "/api/deals", { title: "x", stageId: foreign })).statusCode).toBe(404);
  });

  it("wins and loses deals: a loss needs a reason, closed_at is set and cleared on reopen, history is kept", async () => {
    const s = await signUp(t.app);
    const { open, won, lost } = await board(s);
    const deal = (await call(s, "POST", "/api/deals", { title: "Сделка", amountMinor: 100 })).json();

    const noReason = await call(s, "POST", `/api/deals/${deal.id}/move`, { stageId: lost.id });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.details).toEqual([
      { field: "body.lossReasonId", message: "is required when the deal is lost" },
    ]);

    const reason = (await call(s, "GET", "/api/loss-reasons")).json().items[0];
    const lostDeal = (
      await call(s, "POST", `/api/deals/${deal.id}/move`, { stageId: lost.id, lossReasonId: reason.id })
    ).json();
    expect(lostDeal).toMatchObject({ status: "lost", lossReasonId: reason.id });
    expect(lostDeal.closedAt).not.toBeNull();

    const reopened = (await call(s, "PATCH", `/api/deals/${deal.id}`, { stageId: open[1]?.id })).json();
    expect(reopened).toMatchObject({ status: "open", closedAt: null, lossReasonId: null });

    const wonDeal = (await call(s, "POST", `/api/deals/${deal.id}/move`, { stageId: won.id })).json();
    expect(wonDeal.status).toBe("won");

    const history = await t.database.db
      .select()
      .from(dealStageHistory)
      .where(eq(dealStageHistory.dealId, deal.id))
      .orderBy(dealStageHistory.enteredAt);
    expect(history.map((h) => h.stageId)).toEqual([open[0]?.id, lost.id, open[1]?.id, won.id]);
    expect(history.filter((h) => h.leftAt === null)).toHaveLength(1);

    const topics = (await t.database.db.select().from(outbox))
      .filter((e) => (e.payload as { id?: string }).id === deal.id)
      .map((e) => e.topic);
    expect(topics).toEqual(
      expect.arrayContaining(["deal.created", "deal.stage_changed", "deal.lost", "deal.won"]),
    );
  });

  it("keeps the order of a column across moves and shows counts and sums on the board", async () => {
    const s = await signUp(t.app);
    const { pipeline, open } = await board(s);
    const stage = open[0]!.id;
    const ids: string[] = [];
    for (const [i, amountMinor] of [100, 200, 300].entries()) {
      ids.push(
        (
          await call(s, "POST", "/api/deals", {
            title: `D${i}`,
            amountMinor,
            stageId: stage,
            pipelineId: pipeline.id,
          })
        ).json().id,
      );
    }
    // New deals go on top: D2, D1, D0. Move D2 after D0, then D1 after D2.
    await call(s, "POST", `/api/deals/${ids[2]}/move`, { stageId: stage, afterId: ids[0] });
    await call(s, "POST", `/api/deals/${ids[1]}/move`, { stageId: stage, afterId: ids[2] });
    const kanban = (await call(s, "GET", `/api/pipelines/${pipeline.id}/kanban?limit=2`)).json();
    const column = kanban.columns.find((c: { stage: Stage }) => c.stage.id === stage);
    expect(column).toMatchObject({ count: 3, sums: { RUB: 600 } });
    expect(column.deals.map((d: { title: string }) => d.title)).toEqual(["D0", "D2"]);
    const rest = (
      await call(
        s,
        "GET",
        `/api/pipelines/${pipeline.id}/kanban/${stage}?limit=2&cursor=${column.nextCursor}`,
      )
    ).json();
    expect(rest.deals.map((d: { title: string }) => d.title)).toEqual(["D1"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("deletes a stage by moving its deals, and refuses to delete won or lost", async () => {
    const s = await signUp(t.app);
    const { pipeline, open, won } = await board(s);
    const deal = (
      await call(s, "POST", "/api/deals", { title: "x", stageId: open[0]?.id, pipelineId: pipeline.id })
    ).json();
    expect((await call(s, "DELETE", `/api/pipelines/${pipeline.id}/stages/${open[0]?.id}`)).statusCode).toBe(
      409,
    );
    expect((await call(s, "DELETE", `/api/pipelines/${pipeline.id}/stages/${won.id}`)).statusCode).toBe(409);
    const res = await call(
      s,
      "DELETE",
      `/api/pipelines/${pipeline.id}/stages/${open[0]?.id}?targetStageId=${open[1]?.id}`,
    );
    expect(res.statusCode).toBe(200);
    expect((await call(s, "GET", `/api/deals/${deal.id}`)).json().stageId).toBe(open[1]?.id);
    const open1 = await t.database.db
      .select()
      .from(dealStageHistory)
      .where(and(eq(dealStageHistory.dealId, deal.id), isNull(dealStageHistory.leftAt)));
    expect(open1.map((h) => h.stageId)).toEqual([open[1]?.id]);
  });

  it("renames, adds and reorders stages; a new pipeline needs exactly one won and one lost", async () => {
    const s = await signUp(t.app);
    const { pipeline } = await board(s);
    const added = (
      await call(s, "POST", `/api/pipelines/${pipeline.id}/stages`, { name: "Счёт выставлен" })
    ).json();
    const names = added.stages.map((x: Stage) => x.name);
    expect(names.indexOf("Счёт выставлен")).toBe(names.length - 3);
    const reversed = added.stages.map((x: Stage) => x.id).reverse();
    const reordered = (
      await call(s, "PUT", `/api/pipelines/${pipeline.id}/stages/order`, { stageIds: reversed })
    ).json();
    expect(reordered.stages.map((x: Stage) => x.id)).toEqual(reversed);
    const bad = await call(s, "POST", "/api/pipelines", {
      name: "x",
      stages: [
        { name: "a", kind: "open" },
        { name: "b", kind: "won" },
      ],
    });
    expect(bad.statusCode).toBe(422);
  });

  it("hides other owners' deals from a member with `own` visibility, in lists, the board and single reads", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const mine = (await call(w.colleague, "POST", "/api/deals", { title: "Моя" })).json();
    const theirs = (await call(w.owner, "POST", "/api/deals", { title: "Чужая", amountMinor: 999 })).json();
    const list = (await call(w.colleague, "GET", "/api/deals")).json().items.map((d: { id: string }) => d.id);
    expect(list).toEqual([mine.id]);
    expect((await call(w.colleague, "GET", `/api/deals/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await call(w.colleague, "POST", `/api/deals/${theirs.id}/move`, { stageId: theirs.stageId }))
        .statusCode,
    ).toBe(404);
    const kanban = (await call(w.colleague, "GET", `/api/pipelines/${mine.pipelineId}/kanban`)).json();
    const seen = kanban.columns.flatMap((c: { deals: { id: string }[] }) => c.deals.map((d) => d.id));
    expect(seen).toEqual([mine.id]);
    expect(kanban.columns.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(1);
  });

  it("answers 404 and changes nothing for another workspace's deal or contact", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const deal = (await call(a, "POST", "/api/deals", { title: "A" })).json();
    const contact = (await call(a, "POST", "/api/contacts", { firstName: "A" })).json();
    expect((await call(b, "PATCH", `/api/deals/${deal.id}`, { title: "B" })).statusCode).toBe(404);
    expect((await call(b, "DELETE", `/api/deals/${deal.id}`)).statusCode).toBe(404);
    expect((await call(b, "POST", "/api/deals", { title: "B", contactIds: [contact.id] })).statusCode).toBe(
      404,
    );
    expect((await call(b, "GET", "/api/deals")).json().items).toEqual([]);
    expect((await call(a, "GET", `/api/deals/${deal.id}`)).json().title).toBe("A");
  });

  it("deletes a deal that has a conversation; the conversation keeps its contact and loses the deal", async () => {
    const s = await signUp(t.app);
    const workspaceId = (await meOf(t.app, s)).activeWorkspace.id as string;
    const contact = (await call(s, "POST", "/api/contacts", { firstName: "Ольга" })).json();
    const deal = (
      await call(s, "POST", "/api/deals", { title: "Доставка", contactIds: [contact.id] })
    ).json();
    const chat = await seedConversation(t, workspaceId, await seedChannel(t, workspaceId), {
      contactId: contact.id,
      dealId: deal.id,
    });
    const res = await call(s, "DELETE", `/api/deals/${deal.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await call(s, "GET", `/api/conversations/${chat.id}`)).json()).toMatchObject({
      contactId: contact.id,
      dealId: null,
    });
  });

  it("answers a new deal's contacts and tags as GET does, on top of its stage, with one history row", async () => {
    const s = await signUp(t.app);
    const { open } = await board(s);
    const ivan = (await call(s, "POST", "/api/contacts", { firstName: "Иван" })).json();
    const olga = (await call(s, "POST", "/api/contacts", { firstName: "Ольга" })).json();
    const hot = (await call(s, "POST", "/api/tags", { name: "Горячий" })).json();
    const older = (await call(s, "POST", "/api/deals", { title: "Первая", stageId: open[0]?.id })).json();
    const res = await call(s, "POST", "/api/deals", {
      title: "Вторая",
      stageId: open[0]?.id,
      contactIds: [ivan.id, olga.id, ivan.id],
      tagIds: [hot.id, hot.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const deal = res.json();
    expect([...deal.contactIds].sort()).toEqual([ivan.id, olga.id].sort());
    expect(deal.tagIds).toEqual([hot.id]);
    expect(deal.position).toBeLessThan(older.position);
    const read = (await call(s, "GET", `/api/deals/${deal.id}`)).json();
    expect({ ...read, contactIds: [...read.contactIds].sort() }).toEqual({
      ...deal,
      contactIds: [...deal.contactIds].sort(),
    });
    const history = await t.database.db
      .select()
      .from(dealStageHistory)
      .where(eq(dealStageHistory.dealId, deal.id));
    expect(history).toMatchObject([{ stageId: open[0]?.id, leftAt: null }]);
  });

  it("keeps the deals of a deleted company, without the link", async () => {
    const s = await signUp(t.app);
    const company = (await call(s, "POST", "/api/companies", { name: "ООО Ромашка" })).json();
    const deal = (await call(s, "POST", "/api/deals", { title: "x", companyId: company.id })).json();
    expect((await call(s, "DELETE", `/api/companies/${company.id}`)).statusCode).toBe(204);
    expect((await call(s, "GET", `/api/deals/${deal.id}`)).json().companyId).toBeNull();
  });
});
