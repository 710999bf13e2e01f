import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import {
  adCampaigns,
  adSpend,
  advertisingIntegrations,
  deals,
  unsortedLeads,
} from "../../db/schema/index.ts";

interface Stage {
  id: string;
  kind: "open" | "won" | "lost";
}

const PERIOD = "from=2026-10-01&to=2026-10-31";
/** An instant of the workspace's time zone (Europe/Moscow, UTC+3). */
const msk = (local: string) => new Date(`${local}+03:00`);

describe("ROI analytics", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let w: Awaited<ReturnType<typeof workspaceWithColleague>>;
  let won: Stage;
  let lost: Stage;
  let pipelineId: string;
  let sourceA: { id: string; name: string };
  let sourceB: { id: string; name: string };
  let stranger: Session;

  /** A deal made through the API, moved to won or lost, then dated `createdAt` (the only way to age it). */
  async function deal(
    who: Session,
    input: Record<string, unknown>,
    createdAt: Date,
    outcome?: "won" | "lost",
  ): Promise<string> {
    const created = await call(who, "POST", "/api/deals", { title: "Сделка", ...input });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    if (outcome) {
      const [reason] = (await call(who, "GET", "/api/loss-reasons")).json().items;
      const stageId = outcome === "won" ? won.id : lost.id;
      const lossReasonId = outcome === "lost" ? reason.id : undefined;
      const moved = await call(who, "POST", `/api/deals/${id}/move`, { stageId, lossReasonId });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    await t.database.db.update(deals).set({ createdAt }).where(eq(deals.id, id));
    return id;
  }

  /** An Unsorted lead with `utm_campaign` in its payload, dated `createdAt`. */
  async function lead(utmCampaign: string, sourceId: string, createdAt: Date) {
    const res = await call(w.owner, "POST", "/api/unsorted", {
      title: "Заявка с сайта",
      channel: "form",
      sourceId,
      contact: { name: "Клиент", phone: "+79161234567" },
      payload: { utm_source: "yandex", utm_campaign: utmCampaign },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await t.database.db.update(unsortedLeads).set({ createdAt }).where(eq(unsortedLeads.id, id));
    return id;
  }

  async function advertising(workspaceId: string, spend: [string, string, number, number, number][]) {
    const db = t.database.db;
    await db.insert(advertisingIntegrations).values({
      workspaceId,
      id: `direct-${workspaceId}`,
      platform: "yandex_direct",
      credentials: t.platform.secrets.seal(JSON.stringify({ token: "dummy" }), "advertising.credentials"),
    });
    const integrationId = `direct-${workspaceId}`;
    await db.insert(adSpend).values(
      spend.map(([externalId, day, costMinor, impressions, clicks]) => ({
        workspaceId,
        integrationId,
        externalId,
        day,
        costMinor,
        impressions,
        clicks,
      })),
    );
    return integrationId;
  }

  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
    w = await workspaceWithColleague(t.app, t.database.db, "member");
    const [pipeline] = (await call(w.owner, "GET", "/api/pipelines")).json().items;
    pipelineId = pipeline.id;
    won = pipeline.stages.find((s: Stage) => s.kind === "won");
    lost = pipeline.stages.find((s: Stage) => s.kind === "lost");
    [sourceA, sourceB] = (await call(w.owner, "GET", "/api/sources")).json().items;

    // Campaigns: 101 "Поиск" (utm spring → source A), 102 "РСЯ" (utm retarget → B), 103 (no utm, no source).
    // Spend (kopecks, impressions, clicks); 101 also the day before `from` and the day after `to`.
    const integrationId = await advertising(w.workspaceId, [
      ["101", "2026-09-30", 999_900, 9_000, 900],
      ["101", "2026-10-01", 150_000, 1_000, 50],
      ["101", "2026-10-31", 50_000, 500, 25],
      ["101", "2026-11-01", 888_800, 8_000, 800],
      ["102", "2026-10-15", 100_000, 2_000, 40],
      ["103", "2026-10-10", 30_000, 300, 3],
    ]);
    await t.database.db.insert(adCampaigns).values([
      {
        workspaceId: w.workspaceId,
        integrationId,
        externalId: "101",
        name: "Поиск",
        utmCampaign: "spring",
        sourceId: sourceA.id,
      },
      {
        workspaceId: w.workspaceId,
        integrationId,
        externalId: "102",
        name: "РСЯ",
        utmCampaign: "retarget",
        sourceId: sourceB.id,
      },
      { workspaceId: w.workspaceId, integrationId, externalId: "103", name: "Без меток" },
    ]);

    const spring = { utmCampaign: "spring", sourceId: sourceA.id };
    const retarget = { utmCampaign: "retarget", sourceId: sourceB.id };
    const colleague = { ownerId: w.colleagueId };
    // D1 on the first minute of `from`, D2 the last half hour of `to`, D4 the first minute after `to`.
    await deal(w.owner, { ...spring, amountMinor: 500_000 }, msk("2026-10-01T00:00:00"), "won"); // D1
    await deal(w.owner, { ...spring, ...colleague, amountMinor: 300_000 }, msk("2026-10-31T23:30:00"), "won"); // D2
    await deal(w.owner, { ...spring, amountMinor: 100_000 }, msk("2026-10-20T12:00:00")); // D3 open
    await deal(w.owner, { ...spring, amountMinor: 700_000 }, msk("2026-11-01T00:00:00"), "won"); // D4 out
    await deal(w.owner, { ...spring, amountMinor: 400_000 }, msk("2026-09-30T23:59:59"), "won"); // D0 out
    await deal(w.owner, { ...retarget, amountMinor: 50_000 }, msk("2026-10-15T10:00:00"), "lost"); // D5
    await deal(w.owner, { amountMinor: 200_000 }, msk("2026-10-05T10:00:00"), "won"); // D6 organic
    await deal(
      w.owner,
      { ...retarget, ...colleague, amountMinor: 90_000, currency: "USD" },
      msk("2026-10-16T10:00:00"),
      "won",
    ); // D7: won, but not in roubles
    await deal(w.owner, { utmCampaign: "unknown", sourceId: sourceA.id }, msk("2026-10-07T10:00:00")); // D8

    // Unsorted: L1 pending; L2 accepted into D9 (counted once, as the lead); L3 declined; L4 after `to`.
    await lead("spring", sourceA.id, msk("2026-10-03T10:00:00")); // L1
    const l2 = await lead("spring", sourceA.id, msk("2026-10-12T10:00:00"));
    const accepted = await call(w.owner, "POST", `/api/unsorted/${l2}/accept`, { ownerId: w.ownerId });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const d9 = accepted.json().dealId as string;
    // Whether or not accepting copies the UTM tags, the deal carries them here.
    const tagged = await call(w.owner, "PATCH", `/api/deals/${d9}`, { utmCampaign: "spring" });
    expect(tagged.statusCode, tagged.body).toBe(200);
    await t.database.db
      .update(deals)
      .set({ createdAt: msk("2026-10-12T11:00:00") })
      .where(eq(deals.id, d9));
    const l3 = await lead("spring", sourceA.id, msk("2026-10-13T10:00:00"));
    const declined = await call(w.owner, "POST", `/api/unsorted/${l3}/decline`, { reason: "Спам" });
    expect(declined.statusCode, declined.body).toBe(200);
    await lead("retarget", sourceB.id, msk("2026-11-01T10:00:00")); // L4

    // Another workspace with the same campaign tag: nothing of it may count.
    stranger = await signUp(t.app);
    const theirs = (await meOf(t.app, stranger)).activeWorkspace.id as string;
    const theirIntegration = await advertising(theirs, [["101", "2026-10-10", 777_700, 7, 7]]);
    await t.database.db.insert(adCampaigns).values({
      workspaceId: theirs,
      integrationId: theirIntegration,
      externalId: "101",
      name: "Чужая",
      utmCampaign: "spring",
    });
    const their = (await call(stranger, "GET", "/api/pipelines")).json().items[0];
    won = their.stages.find((s: Stage) => s.kind === "won");
    await deal(
      stranger,
      { utmCampaign: "spring", amountMinor: 5_000_000 },
      msk("2026-10-10T10:00:00"),
      "won",
    );
    won = pipeline.stages.find((s: Stage) => s.kind === "won");
  });
  afterAll(() => t.close());

  const report = async (who: Session, query: string) => {
    const res = await call(who, "GET", `/api/analytics/roi?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  // Totals for the owner (visibility all), whatever the grouping:
  // spend 150 000 + 50 000 (101) + 100 000 (102) + 30 000 (103) = 330 000; impressions 3 800; clicks 118.
  // deals D1 D2 D3 D5 D6 D7 D8 D9 = 8; leads = those but D9 (made from L2) + L1 + L2 = 9;
  // won D1 D2 D6 D7 = 4; revenue 500 000 + 300 000 + 200 000 = 1 000 000 (D7 is in USD).
  // CPL 330 000 / 9 = 36 666.7 → 36 667; CAC 330 000 / 4 = 82 500; ROMI (1 000 000 − 330 000) / 330 000 = 203.0 %.
  const ownerTotals = {
    spendMinor: 330_000,
    impressions: 3_800,
    clicks: 118,
    leads: 9,
    deals: 8,
    won: 4,
    revenueMinor: 1_000_000,
    cplMinor: 36_667,
    cacMinor: 82_500,
    romi: 203,
  };

  it("per campaign: spend of the period's days against the deals and leads carrying its utm_campaign", async () => {
    const roi = await report(w.owner, `${PERIOD}&groupBy=campaign`);
    expect(roi).toMatchObject({
      groupBy: "campaign",
      currency: "RUB",
      period: { from: "2026-10-01", to: "2026-10-31", timezone: "Europe/Moscow" },
    });
    expect(roi.items).toEqual([
      // spring: spend 200 000 (1 and 31 Oct, not 30 Sep or 1 Nov); deals D1 D2 D3 D9 = 4;
      // leads D1 D2 D3 + L1 + L2 = 5 (L3 declined, D0 and D4 outside); won D1 D2, revenue 800 000.
      // CPL 200 000 / 5 = 40 000; CAC 200 000 / 2 = 100 000; ROMI (800 000 − 200 000) / 200 000 = 300 %.
      {
        key: "yandex_direct:101",
        name: "Поиск",
        spendMinor: 200_000,
        impressions: 1_500,
        clicks: 75,
        leads: 5,
        deals: 4,
        won: 2,
        revenueMinor: 800_000,
        cplMinor: 40_000,
        cacMinor: 100_000,
        romi: 300,
      },
      // retarget: spend 100 000; D5 (lost) and D7 (won, USD: no revenue in roubles); L4 is after `to`.
      // CPL 50 000; CAC 100 000; ROMI (0 − 100 000) / 100 000 = −100 %.
      {
        key: "yandex_direct:102",
        name: "РСЯ",
        spendMinor: 100_000,
        impressions: 2_000,
        clicks: 40,
        leads: 2,
        deals: 2,
        won: 1,
        revenueMinor: 0,
        cplMinor: 50_000,
        cacMinor: 100_000,
        romi: -100,
      },
      // No utm_campaign: spend only.
      {
        key: "yandex_direct:103",
        name: "Без меток",
        spendMinor: 30_000,
        impressions: 300,
        clicks: 3,
        leads: 0,
        deals: 0,
        won: 0,
        revenueMinor: 0,
        cplMinor: null,
        cacMinor: null,
        romi: -100,
      },
      // No matching campaign: D6 (no tag, won 200 000) and D8 (utm "unknown"); no spend, so no ROMI.
      {
        key: null,
        name: "—",
        spendMinor: 0,
        impressions: 0,
        clicks: 0,
        leads: 2,
        deals: 2,
        won: 1,
        revenueMinor: 200_000,
        cplMinor: 0,
        cacMinor: 0,
        romi: null,
      },
    ]);
    expect(roi.totals).toEqual(ownerTotals);
  });

  it("per source: spend of the campaigns mapped to it, results of the deals and leads with that source", async () => {
    const roi = await report(w.owner, `${PERIOD}&groupBy=source`);
    expect(roi.items).toEqual([
      // A: spend of 101 = 200 000; deals D1 D2 D3 D8 D9 = 5; leads D1 D2 D3 D8 + L1 + L2 = 6; won 2, 800 000.
      // CPL 200 000 / 6 = 33 333.3 → 33 333; CAC 100 000; ROMI 300 %.
      {
        key: sourceA.id,
        name: sourceA.name,
        spendMinor: 200_000,
        impressions: 1_500,
        clicks: 75,
        leads: 6,
        deals: 5,
        won: 2,
        revenueMinor: 800_000,
        cplMinor: 33_333,
        cacMinor: 100_000,
        romi: 300,
      },
      // B: spend of 102 = 100 000; D5 D7; won 1 (USD).
      {
        key: sourceB.id,
        name: sourceB.name,
        spendMinor: 100_000,
        impressions: 2_000,
        clicks: 40,
        leads: 2,
        deals: 2,
        won: 1,
        revenueMinor: 0,
        cplMinor: 50_000,
        cacMinor: 100_000,
        romi: -100,
      },
      // "—": spend of 103 (mapped to no source) = 30 000; D6 without a source, won 200 000.
      // CPL 30 000; CAC 30 000; ROMI (200 000 − 30 000) / 30 000 = 566.7 %.
      {
        key: null,
        name: "—",
        spendMinor: 30_000,
        impressions: 300,
        clicks: 3,
        leads: 1,
        deals: 1,
        won: 1,
        revenueMinor: 200_000,
        cplMinor: 30_000,
        cacMinor: 30_000,
        romi: 566.7,
      },
    ]);
    expect(roi.totals).toEqual(ownerTotals);
    // groupBy defaults to source.
    expect((await report(w.owner, PERIOD)).items).toEqual(roi.items);
  });

  it("counts on the period's boundaries: spend on `from` and `to` does, a deal created the day after `to` does not", async () => {
    const first = await report(w.owner, "from=2026-10-01&to=2026-10-01&groupBy=campaign");
    // 1 Oct: spend 150 000 of 101 and D1 (created 00:00 MSK), won 500 000.
    expect(first.totals).toMatchObject({
      spendMinor: 150_000,
      deals: 1,
      leads: 1,
      won: 1,
      revenueMinor: 500_000,
    });
    const last = await report(w.owner, "from=2026-10-31&to=2026-10-31&groupBy=campaign");
    // 31 Oct: spend 50 000 of 101 and D2 (23:30 MSK), won 300 000.
    expect(last.totals).toMatchObject({
      spendMinor: 50_000,
      deals: 1,
      leads: 1,
      won: 1,
      revenueMinor: 300_000,
    });
    const after = await report(w.owner, "from=2026-11-01&to=2026-11-01&groupBy=campaign");
    // 1 Nov: spend 888 800 of 101, D4 (00:00 MSK) won 700 000 and L4 (pending, retarget).
    expect(after.totals).toMatchObject({
      spendMinor: 888_800,
      deals: 1,
      leads: 2,
      won: 1,
      revenueMinor: 700_000,
      romi: -21.2,
    });
  });

  it("counts only the deals a member with `own` visibility may see; spend stays the workspace's", async () => {
    const roi = await report(w.colleague, `${PERIOD}&groupBy=campaign`);
    // The colleague owns D2 and D7; L1 is pending (nobody's); L2's deal D9 is the owner's.
    expect(roi.items.map((i: { key: string | null }) => i.key)).toEqual([
      "yandex_direct:101",
      "yandex_direct:102",
      "yandex_direct:103",
    ]);
    // spring: D2 + L1 → leads 2, deals 1, won 1, revenue 300 000; CPL 100 000; CAC 200 000; ROMI 50 %.
    expect(roi.items[0]).toMatchObject({
      spendMinor: 200_000,
      leads: 2,
      deals: 1,
      won: 1,
      revenueMinor: 300_000,
      cplMinor: 100_000,
      cacMinor: 200_000,
      romi: 50,
    });
    expect(roi.items[1]).toMatchObject({ spendMinor: 100_000, leads: 1, deals: 1, won: 1, revenueMinor: 0 });
    // Totals: spend 330 000; leads 3; won 2; revenue 300 000; CPL 110 000; CAC 165 000;
    // ROMI (300 000 − 330 000) / 330 000 = −9.1 %.
    expect(roi.totals).toEqual({
      spendMinor: 330_000,
      impressions: 3_800,
      clicks: 118,
      leads: 3,
      deals: 2,
      won: 2,
      revenueMinor: 300_000,
      cplMinor: 110_000,
      cacMinor: 165_000,
      romi: -9.1,
    });
  });

  it("with a pipeline counts only its deals and the leads accepted into it", async () => {
    const roi = await report(w.owner, `${PERIOD}&groupBy=campaign&pipelineId=${pipelineId}`);
    // Every deal is in the default pipeline; L1 (pending) is in none yet.
    expect(roi.totals).toEqual({ ...ownerTotals, leads: 8, cplMinor: 41_250 });
    const created = await call(w.owner, "POST", "/api/pipelines", { name: "Опт" });
    expect(created.statusCode, created.body).toBe(201);
    const empty = await report(w.owner, `${PERIOD}&groupBy=campaign&pipelineId=${created.json().id}`);
    expect(empty.totals).toMatchObject({ spendMinor: 330_000, leads: 0, deals: 0, won: 0, revenueMinor: 0 });
    const theirs = (await call(stranger, "GET", "/api/pipelines")).json().items[0].id;
    const res = await call(w.owner, "GET", `/api/analytics/roi?${PERIOD}&pipelineId=${theirs}`);
    expect(res.statusCode).toBe(404);
  });

  it("exports the same report as CSV for Excel: BOM, `;`, rubles with a decimal comma, totals last", async () => {
    for (const groupBy of ["campaign", "source"]) {
      const json = await report(w.owner, `${PERIOD}&groupBy=${groupBy}`);
      const res = await call(w.owner, "GET", `/api/analytics/roi.csv?${PERIOD}&groupBy=${groupBy}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.headers["content-disposition"]).toBe(
        `attachment; filename="roi-${groupBy}-2026-10-01-2026-10-31.csv"`,
      );
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows: string[][] = parse(res.rawPayload.subarray(3).toString("utf8"), { delimiter: ";" });
      expect(rows[0]).toEqual([
        groupBy === "source" ? "Источник" : "Кампания",
        "Расход, RUB",
        "Показы",
        "Клики",
        "Лиды",
        "Сделки",
        "Выиграно",
        "Выручка, RUB",
        "CPL",
        "CAC",
        "ROMI, %",
      ]);
      type Figures = typeof ownerTotals;
      const money = (n: number | null) => (n === null ? "" : String(n / 100).replace(".", ","));
      const expected = (name: string, f: Figures) => [
        name,
        money(f.spendMinor),
        String(f.impressions),
        String(f.clicks),
        String(f.leads),
        String(f.deals),
        String(f.won),
        money(f.revenueMinor),
        money(f.cplMinor),
        money(f.cacMinor),
        f.romi === null ? "" : String(f.romi).replace(".", ","),
      ];
      expect(rows.slice(1)).toEqual([
        ...json.items.map((i: Figures & { name: string }) => expected(i.name, i)),
        expected("Итого", json.totals),
      ]);
    }
    // Spelled out once: the totals row of the per-campaign file.
    const csv = (await call(w.owner, "GET", `/api/analytics/roi.csv?${PERIOD}&groupBy=campaign`)).body;
    expect(csv.trim().split(/\r?\n/).at(-1)).toBe("Итого;3300;3800;118;9;8;4;10000;366,67;825;203");
  });

  it("refuses a bad period with 422, and an anonymous caller with 401", async () => {
    for (const query of [
      "from=2026-10-31&to=2026-10-01",
      "from=2026-13-01&to=2026-12-31",
      "from=2026-02-30&to=2026-03-01",
      "from=yesterday&to=2026-10-01",
      "from=2026-10-01T00:00:00Z&to=2026-10-31",
      "from=2026-10-01",
      "to=2026-10-01",
      `${PERIOD}&groupBy=week`,
    ]) {
      for (const path of ["/api/analytics/roi", "/api/analytics/roi.csv"]) {
        const res = await call(w.owner, "GET", `${path}?${query}`);
        expect(res.statusCode, `${path}?${query}`).toBe(422);
        expect(res.json().error.code).toBe("validation_failed");
      }
    }
    const backwards = await call(w.owner, "GET", "/api/analytics/roi?from=2026-10-02&to=2026-10-01");
    expect(backwards.json().error.details).toEqual([
      { field: "query.from", message: "must not be after to" },
    ]);
    const anonymous = await t.app.inject({ method: "GET", url: `/api/analytics/roi?${PERIOD}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it("keeps other workspaces out: the stranger sees only their own spend and deal", async () => {
    const roi = await report(stranger, `${PERIOD}&groupBy=campaign`);
    expect(roi.items.map((i: { key: string | null; name: string }) => [i.key, i.name])).toEqual([
      ["yandex_direct:101", "Чужая"],
    ]);
    expect(roi.totals).toMatchObject({
      spendMinor: 777_700,
      leads: 1,
      deals: 1,
      won: 1,
      revenueMinor: 5_000_000,
    });
  });
});
