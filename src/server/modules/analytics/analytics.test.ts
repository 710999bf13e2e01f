import { parse } from "csv-parse/sync";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { caller, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { dealStageHistory, deals } from "../../db/schema/index.ts";

interface Stage {
  id: string;
  kind: "open" | "won" | "lost";
}

/** `YYYY-MM` and `YYYY-MM-DD` as the workspace (Europe/Moscow) sees them. */
const moscow = (date: Date, parts: "month" | "day") =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Moscow",
    year: "numeric",
    month: "2-digit",
    ...(parts === "day" ? { day: "2-digit" } : {}),
  })
    .format(date)
    .slice(0, parts === "day" ? 10 : 7);

const rub = (amountMinor: number) => ({ currency: "RUB", amountMinor });
const usd = (amountMinor: number) => ({ currency: "USD", amountMinor });

describe("analytics", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let w: Awaited<ReturnType<typeof workspaceWithColleague>>;
  let open: Stage[];
  let won: Stage;
  let lost: Stage;
  let sourceA: { id: string; name: string };
  let sourceB: { id: string; name: string };
  let stranger: Session;

  async function deal(who: Session, input: Record<string, unknown>, path: string[] = []) {
    const created = await call(who, "POST", "/api/deals", { title: "Сделка", ...input });
    expect(created.statusCode, created.body).toBe(201);
    const [reason] = (await call(who, "GET", "/api/loss-reasons")).json().items;
    for (const stageId of path) {
      const lossReasonId = stageId === lost.id ? reason.id : undefined;
      const moved = await call(who, "POST", `/api/deals/${created.json().id}/move`, {
        stageId,
        lossReasonId,
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    return created.json() as { id: string };
  }

  async function task(who: Session, assigneeId: string | null, dueInHours: number, done = false) {
    const dueAt = new Date(Date.now() + dueInHours * 3_600_000).toISOString();
    const created = (await call(who, "POST", "/api/tasks", { title: "Позвонить", dueAt, assigneeId })).json();
    if (done) await call(who, "POST", `/api/tasks/${created.id}/complete`, {});
  }

  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
    w = await workspaceWithColleague(t.app, t.database.db, "member");
    const [pipeline] = (await call(w.owner, "GET", "/api/pipelines")).json().items;
    open = pipeline.stages.filter((s: Stage) => s.kind === "open");
    won = pipeline.stages.find((s: Stage) => s.kind === "won");
    lost = pipeline.stages.find((s: Stage) => s.kind === "lost");
    [sourceA, sourceB] = (await call(w.owner, "GET", "/api/sources")).json().items;
    const [, s2, s3] = open.map((s) => s.id);

    // D1 owner, A: S1 → S2 → S3 → won.        D2 owner, A: S1 → lost.
    // D3 colleague, B: S1 → S2.                D4 owner, no source, USD: created in S3 → won (last month).
    // D5 colleague, no source: S1 → won.       D6 unowned, B: S1.
    await deal(w.owner, { amountMinor: 1000, sourceId: sourceA.id }, [s2!, s3!, won.id]);
    await deal(w.owner, { amountMinor: 500, sourceId: sourceA.id }, [lost.id]);
    await deal(w.owner, { amountMinor: 300, sourceId: sourceB.id, ownerId: w.colleagueId }, [s2!]);
    const d4 = await deal(w.owner, { amountMinor: 200, currency: "USD", stageId: s3 }, [won.id]);
    await deal(w.colleague, { amountMinor: 700 }, [won.id]);
    await deal(w.owner, { amountMinor: 100, sourceId: sourceB.id, ownerId: null });
    await t.database.db
      .update(deals)
      .set({ closedAt: sql`date_trunc('month', now()) - interval '20 days'` })
      .where(and(eq(deals.workspaceId, w.workspaceId), eq(deals.id, d4.id)));

    await task(w.owner, w.ownerId, -2);
    await task(w.owner, w.colleagueId, -2);
    await task(w.owner, w.colleagueId, -2, true);
    await task(w.owner, w.colleagueId, 48);

    // Another workspace's won deal must never count.
    stranger = await signUp(t.app);
    const theirs = (await call(stranger, "GET", "/api/pipelines")).json().items[0];
    await deal(stranger, { amountMinor: 999_999 }, [theirs.stages.find((s: Stage) => s.kind === "won").id]);
  });
  afterAll(() => t.close());

  it("computes the funnel from the stage history: reached, current, conversion, won and lost", async () => {
    const res = await call(w.owner, "GET", "/api/analytics/funnel");
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.period).toEqual({ from: null, to: null, timezone: "Europe/Moscow" });
    const rows = report.stages.map((s: { reached: number; current: number; conversionPercent: number }) => [
      s.reached,
      s.current,
      s.conversionPercent,
    ]);
    expect(rows).toEqual([
      [6, 1, null],
      [4, 1, 66.7],
      [3, 0, 75],
      [3, 0, 100],
      [3, 3, 100],
      [1, 1, null],
    ]);
    expect(report.stages.map((s: { kind: string }) => s.kind)).toEqual([
      "open",
      "open",
      "open",
      "open",
      "won",
      "lost",
    ]);
    expect(report.totals).toEqual({
      deals: 6,
      open: 2,
      won: 3,
      lost: 1,
      conversionPercent: 50,
      winRatePercent: 75,
    });
  });

  it("reports the mean time the deals stayed in each stage", async () => {
    // Every stay in S3 has ended (D1 and D4 went on to won): make each last exactly 10 hours.
    const s3 = open[2]!.id;
    await t.database.db
      .update(dealStageHistory)
      .set({ enteredAt: sql`now() - interval '50 hours'`, leftAt: sql`now() - interval '40 hours'` })
      .where(and(eq(dealStageHistory.workspaceId, w.workspaceId), eq(dealStageHistory.stageId, s3)));
    const report = (await call(w.owner, "GET", "/api/analytics/funnel")).json();
    const stays = new Map(
      report.stages.map((s: { stageId: string; avgHoursInStage: number | null }) => [
        s.stageId,
        s.avgHoursInStage,
      ]),
    );
    expect(stays.get(s3)).toBe(10);
    // S1: four stays that lasted 4 hours (D1, D2, D3, D5 moved on) and D6's, going on for 6 hours now.
    const s1 = open[0]!.id;
    const inS1 = and(eq(dealStageHistory.workspaceId, w.workspaceId), eq(dealStageHistory.stageId, s1));
    await t.database.db
      .update(dealStageHistory)
      .set({ enteredAt: sql`now() - interval '6 hours'` })
      .where(inS1);
    await t.database.db
      .update(dealStageHistory)
      .set({ leftAt: sql`now() - interval '2 hours'` })
      .where(and(inS1, isNotNull(dealStageHistory.leftAt)));
    const again = (await call(w.owner, "GET", "/api/analytics/funnel")).json();
    // (4 × 4 + 6) / 5 = 4.4 hours; a stage nobody entered has no mean.
    expect(again.stages[0].avgHoursInStage).toBe(4.4);
    expect(stays.get(open[3]!.id)).toBeNull();
  });

  it("exports the funnel and the managers' figures as CSV for Excel, row for row as the JSON", async () => {
    const funnelRes = await call(w.owner, "GET", "/api/analytics/funnel.csv");
    expect(funnelRes.statusCode).toBe(200);
    expect(funnelRes.headers["content-type"]).toMatch(/^text\/csv/);
    expect(funnelRes.headers["content-disposition"]).toBe('attachment; filename="funnel.csv"');
    expect(funnelRes.body.startsWith("\uFEFF")).toBe(true);
    const funnelJson = (await call(w.owner, "GET", "/api/analytics/funnel")).json();
    const lines: string[][] = parse(funnelRes.body.slice(1), { delimiter: ";" });
    expect(lines[0]?.slice(0, 3)).toEqual(["Этап", "Тип", "Дошли"]);
    expect(lines.slice(1, -1).map((l) => [l[0], Number(l[2]), Number(l[3])])).toEqual(
      funnelJson.stages.map((s: { name: string; reached: number; current: number }) => [
        s.name,
        s.reached,
        s.current,
      ]),
    );
    expect(lines.at(-1)?.slice(0, 3)).toEqual(["Итого сделок", "", String(funnelJson.totals.deals)]);

    const managersRes = await call(w.owner, "GET", "/api/analytics/managers.csv");
    expect(managersRes.statusCode).toBe(200);
    const managersJson = (await call(w.owner, "GET", "/api/analytics/managers")).json();
    const rows = (parse(managersRes.body.slice(1), { delimiter: ";" }) as string[][]).slice(1);
    expect(rows.map((r) => Number(r[4]))).toEqual(
      managersJson.managers.map((m: { wonDeals: number }) => m.wonDeals),
    );
    // Money in major units with a decimal comma, one cell listing each currency (the workspace's first).
    const owner = managersJson.managers.findIndex((m: { userId: string }) => m.userId === w.ownerId);
    const won = managersJson.managers[owner].wonAmounts as { currency: string; amountMinor: number }[];
    expect(rows[owner]?.[5]).toBe(
      won
        .filter((a, i) => i === 0 || a.amountMinor !== 0)
        .map((a) => `${String(a.amountMinor / 100).replace(".", ",")} ${a.currency}`)
        .join("; "),
    );
    expect(rows[owner]?.[5]).toMatch(/^\d+(,\d+)? RUB; \d+(,\d+)? USD$/);
    expect((await t.app.inject({ method: "GET", url: "/api/analytics/funnel.csv" })).statusCode).toBe(401);
  });

  it("counts only the deals a member with `own` visibility may see", async () => {
    const funnel = (await call(w.colleague, "GET", "/api/analytics/funnel")).json();
    expect(funnel.stages.map((s: { reached: number }) => s.reached)).toEqual([3, 2, 1, 1, 1, 0]);
    expect(funnel.totals).toMatchObject({ deals: 3, open: 2, won: 1, lost: 0 });

    const revenue = (await call(w.colleague, "GET", "/api/analytics/revenue?months=2")).json();
    expect(revenue.months.map((m: { won: number; amounts: unknown }) => [m.won, m.amounts])).toEqual([
      [0, [rub(0)]],
      [1, [rub(700)]],
    ]);

    const sources = (await call(w.colleague, "GET", "/api/analytics/sources")).json().sources;
    const bySource = (id: string | null) =>
      sources.find((s: { sourceId: string | null }) => s.sourceId === id);
    expect(bySource(sourceA.id)).toMatchObject({ deals: 0, won: 0, wonAmounts: [rub(0)] });
    expect(bySource(sourceB.id)).toMatchObject({ deals: 2, won: 0 });
    expect(bySource(null)).toMatchObject({ deals: 1, won: 1, wonAmounts: [rub(700)] });

    const managers = (await call(w.colleague, "GET", "/api/analytics/managers")).json().managers;
    expect(managers.map((m: { userId: string | null }) => m.userId)).toEqual([w.colleagueId, null]);
    expect(managers[0]).toMatchObject({ openDeals: 1, wonDeals: 1, lostDeals: 0, overdueTasks: 1 });
    expect(managers[1]).toMatchObject({ openDeals: 1, openAmounts: [rub(100)], wonDeals: 0 });
  });

  it("reports revenue per calendar month, oldest first, with empty months as zeros", async () => {
    const report = (await call(w.owner, "GET", "/api/analytics/revenue?months=4")).json();
    expect(report).toMatchObject({ timezone: "Europe/Moscow", currency: "RUB" });
    const now = new Date();
    expect(report.months.at(-1).month).toBe(moscow(now, "month"));
    expect(report.months.map((m: { month: string }) => m.month)).toEqual(
      [...report.months.map((m: { month: string }) => m.month)].sort(),
    );
    expect(report.months.map((m: { won: number; amounts: unknown }) => [m.won, m.amounts])).toEqual([
      [0, [rub(0), usd(0)]],
      [0, [rub(0), usd(0)]],
      [1, [rub(0), usd(200)]],
      [2, [rub(1700), usd(0)]],
    ]);
    expect((await call(w.owner, "GET", "/api/analytics/revenue")).json().months).toHaveLength(12);
  });

  it("reports deals per lead source, including those without one, within a period", async () => {
    const all = (await call(w.owner, "GET", "/api/analytics/sources")).json();
    const bySource = (id: string | null) =>
      all.sources.find((s: { sourceId: string | null }) => s.sourceId === id);
    expect(bySource(sourceA.id)).toEqual({
      sourceId: sourceA.id,
      name: sourceA.name,
      kind: expect.any(String),
      deals: 2,
      won: 1,
      wonAmounts: [rub(1000)],
    });
    expect(bySource(sourceB.id)).toMatchObject({ deals: 2, won: 0, wonAmounts: [rub(0)] });
    expect(all.sources.at(-1)).toEqual({
      sourceId: null,
      name: null,
      kind: null,
      deals: 2,
      won: 2,
      wonAmounts: [rub(700), usd(200)],
    });

    const today = moscow(new Date(), "day");
    const sameDay = (await call(w.owner, "GET", `/api/analytics/sources?from=${today}&to=${today}`)).json();
    expect(sameDay.sources).toEqual(all.sources);
    expect(new Date(sameDay.period.to).getTime() - new Date(sameDay.period.from).getTime()).toBe(86_400_000);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const later = (await call(w.owner, "GET", `/api/analytics/sources?from=${future}`)).json();
    expect(later.sources.every((s: { deals: number }) => s.deals === 0)).toBe(true);
  });

  it("reports per manager: open now, won and lost in the period, overdue tasks", async () => {
    const report = (await call(w.owner, "GET", "/api/analytics/managers")).json();
    expect(report.managers).toEqual([
      {
        userId: w.ownerId,
        name: "Иван Петров",
        email: w.owner.email,
        role: "owner",
        openDeals: 0,
        openAmounts: [rub(0)],
        wonDeals: 2,
        wonAmounts: [rub(1000), usd(200)],
        lostDeals: 1,
        overdueTasks: 1,
      },
      {
        userId: w.colleagueId,
        name: "Коллега",
        email: w.colleague.email,
        role: "member",
        openDeals: 1,
        openAmounts: [rub(300)],
        wonDeals: 1,
        wonAmounts: [rub(700)],
        lostDeals: 0,
        overdueTasks: 1,
      },
      {
        userId: null,
        name: null,
        email: null,
        role: null,
        openDeals: 1,
        openAmounts: [rub(100)],
        wonDeals: 0,
        wonAmounts: [rub(0)],
        lostDeals: 0,
        overdueTasks: 0,
      },
    ]);
    const today = moscow(new Date(), "day");
    const recent = (await call(w.owner, "GET", `/api/analytics/managers?from=${today}`)).json();
    expect(recent.managers[0]).toMatchObject({ openDeals: 0, wonDeals: 1, wonAmounts: [rub(1000)] });
  });

  it("keeps other workspaces out: their figures never count and their pipeline is 404", async () => {
    const theirs = (await call(stranger, "GET", "/api/analytics/revenue?months=1")).json();
    expect(theirs.months[0]).toMatchObject({ won: 1, amounts: [rub(999_999)] });
    const mine = (await call(w.owner, "GET", "/api/analytics/revenue?months=1")).json();
    expect(mine.months[0].amounts).toEqual([rub(1700)]);
    const theirPipeline = (await call(stranger, "GET", "/api/pipelines")).json().items[0].id;
    const res = await call(w.owner, "GET", `/api/analytics/funnel?pipelineId=${theirPipeline}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });

  it("refuses a bad query with 422 naming the field", async () => {
    for (const url of [
      "/api/analytics/revenue?months=0",
      "/api/analytics/revenue?months=37",
      "/api/analytics/revenue?months=abc",
      "/api/analytics/sources?from=yesterday",
      "/api/analytics/managers?to=2025-13-01",
    ]) {
      const res = await call(w.owner, "GET", url);
      expect(res.statusCode, url).toBe(422);
      expect(res.json().error.code, url).toBe("validation_failed");
    }
    const backwards = await call(w.owner, "GET", "/api/analytics/funnel?from=2025-03-02&to=2025-03-01");
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.details).toEqual([{ field: "query.from", message: "must be before to" }]);
    const unknown = await call(w.owner, "GET", "/api/analytics/funnel?pipelineId=nope");
    expect(unknown.statusCode).toBe(404);
  });
});
