// Issue 10's "done when", end to end over real HTTP on PostgreSQL: Yandex Direct and Avito connected to
// their fakes and synced, leads arriving through a web form tagged with Direct's campaigns, some won;
// the ROI report per campaign equals the calculation written out below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureAdvertising } from "../src/server/integrations/advertising/clients.ts";
import { type AvitoFake, startAvitoFake } from "./fakes/avito.ts";
import { type DirectFake, startDirectFake } from "./fakes/yandex-direct.ts";
import type { TestApp } from "./support/app.ts";
import { newOwner, type Person, settingsApp } from "./support/messaging-settings.ts";
import { waitFor } from "./support/wait.ts";
import { caller } from "./support/workspace.ts";

const AVITO = { clientId: "roi-client", clientSecret: "roi-secret", accountId: 5550001 };
/** A UTC day `n` days before now, YYYY-MM-DD. */
const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe("the ROI report against synced spend and form leads", () => {
  let t: TestApp;
  let direct: DirectFake;
  let avito: AvitoFake;
  let call: ReturnType<typeof caller>;

  beforeAll(async () => {
    direct = await startDirectFake();
    avito = await startAvitoFake(AVITO);
    t = await settingsApp({ avito: avito.url });
    configureAdvertising(t.platform, { baseUrl: direct.url, sleep: async () => {}, today: () => day(0) });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await direct?.close();
    await avito?.close();
  });

  const synced = (owner: Person, path: string) =>
    waitFor(
      async () => {
        const [run] = (await call(owner, "GET", `${path}/log`)).json().items ?? [];
        return run && run.status !== "running" ? run : null;
      },
      `the first sync of ${path}`,
      20_000,
    );

  it("shows spend, leads, won deals, revenue, CPL, CAC and ROMI per campaign as calculated by hand", async () => {
    direct.setSpend([
      {
        date: day(2),
        campaignId: "81234567",
        campaignName: "Поиск — диваны",
        impressions: 1520,
        clicks: 48,
        cost: 1234.56,
      },
      {
        date: day(1),
        campaignId: "81234567",
        campaignName: "Поиск — диваны",
        impressions: 900,
        clicks: 20,
        cost: 765.44,
      },
      {
        date: day(1),
        campaignId: "81234568",
        campaignName: "РСЯ — ретаргетинг",
        impressions: 9870,
        clicks: 31,
        cost: 500,
      },
    ]);
    avito.setSpendings([{ date: day(1), spendings: [{ slug: "promotion", value: 300 }] }]);

    const owner = await newOwner(t);
    expect(
      (await call(owner, "POST", "/api/advertising/yandex-direct", { token: "y0_test" })).statusCode,
    ).toBe(201);
    expect((await synced(owner, "/api/advertising/yandex-direct")).status).toBe("succeeded");
    const avitoConnected = await call(owner, "POST", "/api/advertising/avito", {
      clientId: AVITO.clientId,
      clientSecret: AVITO.clientSecret,
    });
    expect(avitoConnected.statusCode, avitoConnected.body).toBe(201);
    expect((await synced(owner, "/api/advertising/avito")).status).toBe("succeeded");

    // A form on the site; three visitors come from the two Direct campaigns.
    const form = await call(owner, "POST", "/api/forms", { name: "Заявка с сайта", target: "deal" });
    expect(form.statusCode, form.body).toBe(201);
    const token = form.json().token as string;
    const post = (phone: string, campaign: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/forms/${token}`,
        payload: {
          name: "Покупатель",
          phone,
          utm_source: "yandex",
          utm_medium: "cpc",
          utm_campaign: campaign,
        },
      });
    for (const [phone, campaign] of [
      ["+79161110001", "81234567"],
      ["+79161110002", "81234567"],
      ["+79161110003", "81234568"],
    ] as const) {
      expect((await post(phone, campaign)).statusCode).toBeLessThan(300);
    }
    const deals = (await call(owner, "GET", "/api/deals?limit=50")).json().items as {
      id: string;
      utmCampaign: string | null;
    }[];
    expect(deals.map((d) => d.utmCampaign).sort()).toEqual(["81234567", "81234567", "81234568"]);
    // One lead of the search campaign is won for 5 000,00 ₽.
    const won = deals.find((d) => d.utmCampaign === "81234567")!;
    const stages = (await call(owner, "GET", "/api/pipelines")).json().items[0].stages as {
      id: string;
      kind: string;
    }[];
    expect((await call(owner, "PATCH", `/api/deals/${won.id}`, { amountMinor: 500_000 })).statusCode).toBe(
      200,
    );
    const moved = await call(owner, "POST", `/api/deals/${won.id}/move`, {
      stageId: stages.find((s) => s.kind === "won")!.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);

    const report = await call(
      owner,
      "GET",
      `/api/analytics/roi?from=${day(2)}&to=${day(0)}&groupBy=campaign`,
    );
    expect(report.statusCode, report.body).toBe(200);
    const rows = report.json().items as Record<string, unknown>[];
    const row = (name: string) => rows.find((r) => r.name === name);
    // Search: spend 1 234,56 + 765,44 = 2 000,00 ₽; 2 leads, 1 won for 5 000,00 ₽.
    // CPL 2 000 / 2 = 1 000,00; CAC 2 000 / 1 = 2 000,00; ROMI (5 000 − 2 000) / 2 000 = 150 %.
    expect(row("Поиск — диваны")).toMatchObject({
      spendMinor: 200_000,
      impressions: 2420,
      clicks: 68,
      leads: 2,
      won: 1,
      revenueMinor: 500_000,
      cplMinor: 100_000,
      cacMinor: 200_000,
      romi: 150,
    });
    // Retargeting: spend 500,00 ₽, 1 lead, nothing won: CPL 500,00, no CAC, ROMI −100 %.
    expect(row("РСЯ — ретаргетинг")).toMatchObject({
      spendMinor: 50_000,
      leads: 1,
      won: 0,
      revenueMinor: 0,
      cplMinor: 50_000,
      cacMinor: null,
      romi: -100,
    });
    // All together, Avito's 300,00 ₽ included: spend 2 800,00 ₽, 3 leads, revenue 5 000,00 ₽,
    // ROMI (5 000 − 2 800) / 2 800 = 78,6 %.
    expect(report.json().totals).toMatchObject({
      spendMinor: 280_000,
      leads: 3,
      won: 1,
      revenueMinor: 500_000,
      cplMinor: 93_333,
      cacMinor: 280_000,
      romi: 78.6,
    });

    // By source: the form has none, so its leads take their campaign's source (Yandex Direct, mapped by
    // the sync): spend 2 500,00 ₽, 3 leads, 1 won for 5 000,00 ₽: CPL 833,33, CAC 2 500,00, ROMI 100 %.
    const bySource = await call(
      owner,
      "GET",
      `/api/analytics/roi?from=${day(2)}&to=${day(0)}&groupBy=source`,
    );
    const sources = bySource.json().items as Record<string, unknown>[];
    expect(sources.find((r) => r.spendMinor === 250_000)).toMatchObject({
      leads: 3,
      won: 1,
      revenueMinor: 500_000,
      cplMinor: 83_333,
      cacMinor: 250_000,
      romi: 100,
    });
    expect(sources.find((r) => r.spendMinor === 30_000)).toMatchObject({ leads: 0, romi: -100 });
  });
});
