import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { signUp } from "../../../../test/support/auth.ts";
import { caller, workspaceWithColleague } from "../../../../test/support/workspace.ts";

interface Stage {
  id: string;
  name: string;
  kind: "open" | "won" | "lost";
}

describe("a deal's stage history", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  it("lists every stage the deal was in, oldest first, with times, durations and who moved it", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const [pipeline] = (await call(w.owner, "GET", "/api/pipelines")).json().items;
    const stages: Stage[] = pipeline.stages;
    const [first, second] = stages.filter((s) => s.kind === "open");
    const won = stages.find((s) => s.kind === "won")!;
    const deal = (await call(w.owner, "POST", "/api/deals", { title: "Поставка" })).json();
    await call(w.owner, "POST", `/api/deals/${deal.id}/move`, { stageId: second!.id });
    await call(w.owner, "POST", `/api/deals/${deal.id}/move`, { stageId: won.id });

    const res = await call(w.owner, "GET", `/api/deals/${deal.id}/stage-history`);
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json();
    expect(items.map((h: { stageId: string }) => h.stageId)).toEqual([first!.id, second!.id, won.id]);
    expect(items[0]).toMatchObject({
      pipelineId: pipeline.id,
      pipelineName: pipeline.name,
      stageName: first!.name,
      stageKind: "open",
      movedBy: { userId: w.ownerId, name: "Иван Петров" },
    });
    expect(items[2]).toMatchObject({ stageKind: "won", leftAt: null });
    for (const [i, h] of items.entries()) {
      expect(h.durationSeconds).toBeGreaterThanOrEqual(0);
      if (i < 2) expect(Date.parse(h.leftAt)).toBeGreaterThanOrEqual(Date.parse(h.enteredAt));
    }

    // A member with `own` visibility may not see the owner's deal, nor may another workspace.
    expect((await call(w.colleague, "GET", `/api/deals/${deal.id}/stage-history`)).statusCode).toBe(404);
    const stranger = await signUp(t.app);
    expect((await call(stranger, "GET", `/api/deals/${deal.id}/stage-history`)).statusCode).toBe(404);
  });
});
