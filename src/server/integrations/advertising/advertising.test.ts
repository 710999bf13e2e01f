// Yandex Direct and Avito advertising against their fakes over real HTTP, on PostgreSQL: connecting
// (and credentials refused), the 90-day backfill in exact kopecks per campaign and day, a re-sync that
// replaces recent days instead of adding to them, 152 retried by the job, a report of other columns
// failing the run with its reason, 53 and Avito's 401 stopping the integration, and campaign mapping
// kept to the workspace.
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AvitoFake, startAvitoFake } from "../../../../test/fakes/avito.ts";
import { type DirectFake, startDirectFake } from "../../../../test/fakes/yandex-direct.ts";
import type { TestApp } from "../../../../test/support/app.ts";
import {
  newColleague,
  newOwner,
  type Person,
  settingsApp,
} from "../../../../test/support/messaging-settings.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { caller } from "../../../../test/support/workspace.ts";
import { queryRows } from "../../db/client.ts";
import {
  adCampaigns,
  adSpend,
  advertisingIntegrations,
  advertisingRuns,
  leadSources,
} from "../../db/schema/index.ts";
import { configureAdvertising } from "./clients.ts";
import { advertisingSyncJob, runSync, syncWindow } from "./sync.ts";

const TODAY = "2024-06-11";
const DIRECT = "/api/advertising/yandex-direct";
const AVITO_PATH = "/api/advertising/avito";
const AVITO = { clientId: "adv-client", clientSecret: "adv-secret", accountId: 7654321 };

describe("advertising", () => {
  let t: TestApp;
  let direct: DirectFake;
  let avito: AvitoFake;
  let call: ReturnType<typeof caller>;

  beforeAll(async () => {
    direct = await startDirectFake();
    avito = await startAvitoFake(AVITO);
    t = await settingsApp({ avito: avito.url });
    configureAdvertising(t.platform, { baseUrl: direct.url, sleep: async () => {}, today: () => TODAY });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await direct?.close();
    await avito?.close();
  });

  const db = () => t.database.db;
  /** The newest finished run of the log. */
  const finishedRun = (owner: Person, path: string, after?: string) =>
    waitFor(
      async () => {
        const [run] = (await call(owner, "GET", `${path}/log`)).json().items ?? [];
        return run && run.status !== "running" && run.id !== after ? run : null;
      },
      "a finished run",
      20_000,
    );
  const spendOf = async (owner: Person) =>
    (
      await db()
        .select()
        .from(adSpend)
        .where(eq(adSpend.workspaceId, owner.workspaceId))
        .orderBy(asc(adSpend.day), asc(adSpend.externalId))
    ).map((r) => [r.externalId, r.day, r.costMinor, r.impressions, r.clicks]);
  const sourceOf = async (owner: Person, kind: "yandex_direct" | "avito" | "form") => {
    const [source] = await db()
      .select()
      .from(leadSources)
      .where(and(eq(leadSources.workspaceId, owner.workspaceId), eq(leadSources.kind, kind)));
    return source!.id;
  };

  async function connectDirect(owner: Person) {
    const res = await call(owner, "POST", DIRECT, { token: "y0_test", clientLogin: "flame-shop" });
    expect(res.statusCode, res.body).toBe(201);
    const run = await finishedRun(owner, DIRECT);
    expect(run.status, JSON.stringify(run)).toBe("succeeded");
    return { view: res.json(), run };
  }

  it("computes the days to read", () => {
    const settings = { backfillDays: 90, refreshDays: 3 };
    expect(syncWindow(null, settings, TODAY)).toEqual({ from: "2024-03-13", to: "2024-06-10" });
    expect(syncWindow("2024-06-10", settings, TODAY)).toEqual({ from: "2024-06-08", to: "2024-06-10" });
    expect(syncWindow("2024-06-01", settings, TODAY)).toEqual({ from: "2024-06-02", to: "2024-06-10" });
    expect(syncWindow("2023-01-01", settings, TODAY)).toEqual({ from: "2024-03-13", to: "2024-06-10" });
    expect(syncWindow(null, { backfillDays: 7, refreshDays: 1 }, TODAY)).toEqual({
      from: "2024-06-04",
      to: "2024-06-10",
    });
  });

  it("refuses a token Direct refuses (53) with its message, and stores nothing", async () => {
    const owner = await newOwner(t);
    expect((await t.app.inject({ method: "GET", url: DIRECT })).statusCode).toBe(401);
    expect((await call(owner, "GET", DIRECT)).json()).toEqual({ connected: false });
    const res = await call(owner, "POST", DIRECT, { token: "y0_revoked_token" });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/Yandex Direct refused: .*Invalid OAuth token/);
    expect(res.json().error.details[0].message).toMatch(/Invalid OAuth token/);
    const rows = await db()
      .select()
      .from(advertisingIntegrations)
      .where(eq(advertisingIntegrations.workspaceId, owner.workspaceId));
    expect(rows).toEqual([]);
    expect((await call(owner, "GET", DIRECT)).json()).toEqual({ connected: false });
    // Members see the status; only those who manage integrations connect.
    const member = await newColleague(t, owner, "member");
    expect((await call(member, "GET", DIRECT)).statusCode).toBe(200);
    expect((await call(member, "POST", DIRECT, { token: "y0_test" })).statusCode).toBe(403);
  });

  it("backfills 90 days in 30-day reports, in exact kopecks per campaign and day, then replaces recent days", async () => {
    direct.setSpend([
      // Before the 90 days: not read.
      { date: "2024-03-12", campaignId: "111", campaignName: "Поиск", impressions: 9, clicks: 9, cost: 999 },
      {
        date: "2024-03-13",
        campaignId: "111",
        campaignName: "Поиск",
        impressions: 10,
        clicks: 2,
        cost: 0.07,
      },
      { date: "2024-04-20", campaignId: "222", campaignName: "", impressions: 5, clicks: 1, cost: 1234.56 },
      {
        date: "2024-06-09",
        campaignId: "111",
        campaignName: "Поиск — Москва",
        impressions: 1520,
        clicks: 48,
        cost: 4599.99,
      },
      {
        date: "2024-06-10",
        campaignId: "111",
        campaignName: "Поиск — Москва",
        impressions: 700,
        clicks: 20,
        cost: 2000.01,
      },
      {
        date: "2024-06-10",
        campaignId: "222",
        campaignName: "РСЯ",
        impressions: 9870,
        clicks: 31,
        cost: 45.51,
      },
      // Today: not read (only whole days).
      {
        date: "2024-06-11",
        campaignId: "111",
        campaignName: "Поиск — Москва",
        impressions: 1,
        clicks: 1,
        cost: 1,
      },
    ]);
    const owner = await newOwner(t);
    const before = direct.requests.length;
    const { view, run } = await connectDirect(owner);
    expect(view).toMatchObject({
      connected: true,
      platform: "yandex_direct",
      status: "active",
      account: { clientLogin: "flame-shop" },
      settings: { backfillDays: 90, refreshDays: 3 },
    });
    expect(run).toMatchObject({
      dateFrom: "2024-03-13",
      dateTo: "2024-06-10",
      counts: { campaigns: 2, days: 4, rows: 5 },
      error: null,
    });
    // The connect check (one day) and three reports of 30 days, each 201 → 202 → 200.
    const periods = direct.requests
      .slice(before)
      .filter((r) => r.status === 200)
      .map((r) => (r.body as { params: { SelectionCriteria: unknown } }).params.SelectionCriteria);
    expect(periods).toEqual([
      { DateFrom: "2024-06-10", DateTo: "2024-06-10" },
      { DateFrom: "2024-03-13", DateTo: "2024-04-11" },
      { DateFrom: "2024-04-12", DateTo: "2024-05-11" },
      { DateFrom: "2024-05-12", DateTo: "2024-06-10" },
    ]);
    expect(await spendOf(owner)).toEqual([
      ["111", "2024-03-13", 7, 10, 2],
      ["222", "2024-04-20", 123_456, 5, 1],
      ["111", "2024-06-09", 459_999, 1520, 48],
      ["111", "2024-06-10", 200_001, 700, 20],
      ["222", "2024-06-10", 4551, 9870, 31],
    ]);
    const source = await sourceOf(owner, "yandex_direct");
    const campaigns = await db()
      .select()
      .from(adCampaigns)
      .where(eq(adCampaigns.workspaceId, owner.workspaceId))
      .orderBy(asc(adCampaigns.externalId));
    expect(campaigns.map((c) => [c.externalId, c.name, c.utmCampaign, c.sourceId])).toEqual([
      ["111", "Поиск — Москва", "111", source],
      ["222", "РСЯ", "222", source],
    ]);
    const status = (await call(owner, "GET", DIRECT)).json();
    expect(status).toMatchObject({ syncedThrough: "2024-06-10", lastError: null, running: null });
    const patched = await call(owner, "PATCH", DIRECT, { refreshDays: 5 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().settings).toEqual({ backfillDays: 90, refreshDays: 5 });
    expect((await call(owner, "PATCH", DIRECT, { backfillDays: 91 })).statusCode).toBe(422);
    await call(owner, "PATCH", DIRECT, { refreshDays: 3 });
    expect(status.lastSyncAt).toEqual(expect.any(String));
    const list = (await call(owner, "GET", "/api/advertising/campaigns?platform=yandex_direct")).json();
    expect(
      list.items.map((c: { externalId: string; costMinor: number }) => [c.externalId, c.costMinor]),
    ).toEqual(
      [
        ["222", 128_007],
        ["111", 660_007],
      ].sort((a, b) => Number(b[1]) - Number(a[1])),
    );
    const june = (
      await call(owner, "GET", "/api/advertising/campaigns?from=2024-06-10&to=2024-06-10")
    ).json();
    expect(june.items.find((c: { externalId: string }) => c.externalId === "111").costMinor).toBe(200_001);

    // Direct corrects yesterday (a refund) and drops a day: the next sync re-reads the last 3 days.
    direct.setSpend([
      { date: "2024-03-13", campaignId: "111", campaignName: "Поиск", impressions: 10, clicks: 2, cost: 500 },
      {
        date: "2024-06-10",
        campaignId: "111",
        campaignName: "Поиск — Москва",
        impressions: 700,
        clicks: 19,
        cost: 1900.5,
      },
      {
        date: "2024-06-10",
        campaignId: "222",
        campaignName: "РСЯ",
        impressions: 9870,
        clicks: 31,
        cost: 45.51,
      },
    ]);
    const sync = await call(owner, "POST", `${DIRECT}/sync`);
    expect(sync.statusCode, sync.body).toBe(202);
    const again = await finishedRun(owner, DIRECT, run.id);
    expect(again).toMatchObject({ status: "succeeded", dateFrom: "2024-06-08", dateTo: "2024-06-10" });
    expect(await spendOf(owner)).toEqual([
      // Outside the re-read days: as imported.
      ["111", "2024-03-13", 7, 10, 2],
      ["222", "2024-04-20", 123_456, 5, 1],
      ["111", "2024-06-10", 190_050, 700, 19],
      ["222", "2024-06-10", 4551, 9870, 31],
    ]);
    // The mapping survives a re-sync.
    expect(await db().$count(adCampaigns, eq(adCampaigns.workspaceId, owner.workspaceId))).toBe(2);
    // Both runs asked for tomorrow's sync; one is scheduled, at 01:00 UTC.
    const daily = await queryRows<{ start_after: Date }>(
      db(),
      sql`select start_after from pgboss.job where name = 'advertising.daily' and data->>'integrationId' = ${view.id}`,
    );
    expect(daily).toHaveLength(1);
    expect(new Date(daily[0]!.start_after).getUTCHours()).toBe(1);
    expect(new Date(daily[0]!.start_after).getTime()).toBeGreaterThan(Date.now());
  });

  it("leaves 152 (no units) to the job's retry, which resumes and succeeds", async () => {
    direct.setSpend([
      {
        date: "2024-06-10",
        campaignId: "333",
        campaignName: "Ретаргетинг",
        impressions: 3,
        clicks: 1,
        cost: 10.1,
      },
    ]);
    const owner = await newOwner(t);
    await connectDirect(owner);
    const [row] = await db()
      .select()
      .from(advertisingIntegrations)
      .where(eq(advertisingIntegrations.workspaceId, owner.workspaceId));
    // The job retries: the definition keeps pg-boss's retry on.
    expect(advertisingSyncJob(t.platform).retry?.limit).toBeGreaterThan(0);
    const [run] = await db()
      .insert(advertisingRuns)
      .values({ workspaceId: owner.workspaceId, id: `run-152-${Date.now()}`, integrationId: row!.id })
      .returning();
    const target = { workspaceId: owner.workspaceId, integrationId: row!.id, runId: run!.id };
    direct.failNext({ code: 152 });
    await expect(runSync(t.platform, target, t.app.log, false)).rejects.toThrow(/152|units/i);
    const [waiting] = await db().select().from(advertisingRuns).where(eq(advertisingRuns.id, run!.id));
    expect(waiting?.status).toBe("running");
    expect((await call(owner, "GET", DIRECT)).json().status).toBe("active");

    await runSync(t.platform, target, t.app.log, false);
    const [done] = await db().select().from(advertisingRuns).where(eq(advertisingRuns.id, run!.id));
    expect(done).toMatchObject({ status: "succeeded", error: null, dateFrom: "2024-06-08" });
    expect(await spendOf(owner)).toEqual([["333", "2024-06-10", 1010, 3, 1]]);

    // On the last try the run fails with the reason, and the integration stays active.
    const [last] = await db()
      .insert(advertisingRuns)
      .values({ workspaceId: owner.workspaceId, id: `run-1000-${Date.now()}`, integrationId: row!.id })
      .returning();
    direct.failNext({ code: 1000 });
    await runSync(t.platform, { ...target, runId: last!.id }, t.app.log, true);
    const [failed] = await db().select().from(advertisingRuns).where(eq(advertisingRuns.id, last!.id));
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toMatch(/1000/);
    expect((await call(owner, "GET", DIRECT)).json()).toMatchObject({
      status: "active",
      lastError: expect.stringMatching(/1000/),
    });
  });

  it("fails the run with a clear log entry when the report has other columns, storing nothing of it", async () => {
    direct.setSpend([
      { date: "2024-06-10", campaignId: "444", campaignName: "А", impressions: 1, clicks: 1, cost: 1 },
    ]);
    const owner = await newOwner(t);
    const { run } = await connectDirect(owner);
    const stored = await spendOf(owner);
    direct.setSpend([
      { date: "2024-06-10", campaignId: "444", campaignName: "А", impressions: 1, clicks: 1, cost: 2 },
    ]);
    direct.wrongColumnsNext(["Date", "CampaignId", "CampaignName", "Impressions", "Clicks", "Conversions"]);
    expect((await call(owner, "POST", `${DIRECT}/sync`)).statusCode).toBe(202);
    const failed = await finishedRun(owner, DIRECT, run.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/cannot read.*Unexpected report columns: got \[.*Conversions\]/);
    expect(await spendOf(owner)).toEqual(stored);
    expect((await call(owner, "GET", DIRECT)).json()).toMatchObject({
      status: "active",
      lastError: failed.error,
    });
  });

  it("stops the integration with status error on 53 during a sync, without retrying", async () => {
    direct.setSpend([]);
    const owner = await newOwner(t);
    const { run } = await connectDirect(owner);
    direct.failNext({ code: 53 });
    await call(owner, "POST", `${DIRECT}/sync`);
    const failed = await finishedRun(owner, DIRECT, run.id);
    expect(failed.status).toBe("failed");
    const status = (await call(owner, "GET", DIRECT)).json();
    expect(status).toMatchObject({ connected: true, status: "error" });
    expect(status.lastError).toMatch(/Authorization error/);
    const again = await call(owner, "POST", `${DIRECT}/sync`);
    expect(again.statusCode).toBe(409);
    // Reconnecting clears the error.
    const reconnected = await call(owner, "POST", DIRECT, { token: "y0_test" });
    expect(reconnected.json()).toMatchObject({ status: "active", lastError: null });
  });

  it("imports Avito listings' stats and the account's daily spend; a 401 after refresh stops it", async () => {
    avito.setItems([
      { id: 4001, title: "Диван Остин", price: 45990, status: "active", url: "https://avito.ru/4001" },
      { id: 4002, title: "Кресло", price: 9990, status: "active", url: "https://avito.ru/4002" },
    ]);
    avito.setItemStats(4001, [
      { date: "2024-06-09", uniqViews: 57, uniqContacts: 4, uniqFavorites: 2 },
      { date: "2024-06-10", uniqViews: 30, uniqContacts: 1, uniqFavorites: 0 },
    ]);
    avito.setItemStats(4002, [{ date: "2024-06-10", uniqViews: 5, uniqContacts: 0, uniqFavorites: 1 }]);
    avito.setSpendings([
      {
        date: "2024-06-09",
        spendings: [
          { slug: "presence", value: 120.1 },
          { slug: "promotion", value: 349.99 },
        ],
      },
      { date: "2024-06-10", spendings: [{ slug: "presence", value: 0.29 }] },
    ]);
    const owner = await newOwner(t);
    const refused = await call(owner, "POST", AVITO_PATH, {
      clientId: AVITO.clientId,
      clientSecret: "wrong",
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/Avito refused: invalid client/);
    expect((await call(owner, "GET", AVITO_PATH)).json()).toEqual({ connected: false });

    const res = await call(owner, "POST", AVITO_PATH, {
      clientId: AVITO.clientId,
      clientSecret: AVITO.clientSecret,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ platform: "avito", account: { accountId: String(AVITO.accountId) } });
    const run = await finishedRun(owner, AVITO_PATH);
    expect(run.status, JSON.stringify(run)).toBe("succeeded");
    const rows = await db()
      .select()
      .from(adSpend)
      .where(eq(adSpend.workspaceId, owner.workspaceId))
      .orderBy(asc(adSpend.day), asc(adSpend.externalId));
    expect(rows.map((r) => [r.externalId, r.day, r.costMinor, r.views, r.contacts, r.favorites])).toEqual([
      ["4001", "2024-06-09", 0, 57, 4, 2],
      ["account", "2024-06-09", 47_009, 0, 0, 0],
      ["4001", "2024-06-10", 0, 30, 1, 0],
      ["4002", "2024-06-10", 0, 5, 0, 1],
      ["account", "2024-06-10", 29, 0, 0, 0],
    ]);
    const source = await sourceOf(owner, "avito");
    const list = (await call(owner, "GET", "/api/advertising/campaigns?platform=avito")).json().items;
    expect(
      list.map((c: Record<string, unknown>) => [
        c.externalId,
        c.name,
        c.costMinor,
        c.views,
        c.sourceId,
        c.utmCampaign,
      ]),
    ).toEqual(
      [
        ["account", "Авито: расходы аккаунта", 47_038, 0, source, null],
        ["4002", "Кресло", 0, 5, source, "4002"],
        ["4001", "Диван Остин", 0, 87, source, "4001"],
      ].sort((a, b) => Number(b[2]) - Number(a[2]) || String(a[1]).localeCompare(String(b[1]))),
    );

    // The token is refused again after the one refresh: the integration needs reconnecting.
    avito.failNext({ status: 401, path: "/core/v1/items" });
    avito.failNext({ status: 401, path: "/core/v1/items" });
    await call(owner, "POST", `${AVITO_PATH}/sync`);
    const failed = await finishedRun(owner, AVITO_PATH, run.id);
    expect(failed.status).toBe("failed");
    expect((await call(owner, "GET", AVITO_PATH)).json()).toMatchObject({
      status: "error",
      lastError: expect.any(String),
    });
  });

  it("maps campaigns to the workspace's sources only, and 404s another workspace's campaign", async () => {
    direct.setSpend([
      { date: "2024-06-10", campaignId: "555", campaignName: "Бренд", impressions: 1, clicks: 1, cost: 5 },
    ]);
    const owner = await newOwner(t);
    await connectDirect(owner);
    const other = await newOwner(t);
    direct.setSpend([
      { date: "2024-06-10", campaignId: "666", campaignName: "Чужая", impressions: 1, clicks: 1, cost: 5 },
    ]);
    await connectDirect(other);

    const path = "/api/advertising/campaigns";
    const theirs = await call(owner, "PATCH", path, {
      items: [{ platform: "yandex_direct", externalId: "666", utmCampaign: "x" }],
    });
    expect(theirs.statusCode).toBe(404);
    const theirSource = await sourceOf(other, "form");
    const wrongSource = await call(owner, "PATCH", path, {
      items: [{ platform: "yandex_direct", externalId: "555", sourceId: theirSource }],
    });
    expect(wrongSource.statusCode).toBe(422);
    const ours = await sourceOf(owner, "form");
    const ok = await call(owner, "PATCH", path, {
      items: [{ platform: "yandex_direct", externalId: "555", sourceId: ours, utmCampaign: "brand_msk" }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items).toEqual([
      expect.objectContaining({
        externalId: "555",
        sourceId: ours,
        utmCampaign: "brand_msk",
        costMinor: 500,
      }),
    ]);
    // The answer covers the period asked, like GET: a day without spend gives 0.
    const quiet = await call(owner, "PATCH", `${path}?from=2024-06-09&to=2024-06-09`, {
      items: [{ platform: "yandex_direct", externalId: "555", utmCampaign: "brand_msk" }],
    });
    expect(quiet.json().items).toEqual([expect.objectContaining({ externalId: "555", costMinor: 0 })]);
    const [untouched] = await db()
      .select()
      .from(adCampaigns)
      .where(eq(adCampaigns.workspaceId, other.workspaceId));
    expect(untouched?.utmCampaign).toBe("666");
    // The mapping survives the next sync.
    await call(owner, "POST", `${DIRECT}/sync`);
    await waitFor(async () => (await call(owner, "GET", DIRECT)).json().running === null, "the sync");
    const [kept] = await db()
      .select()
      .from(adCampaigns)
      .where(eq(adCampaigns.workspaceId, owner.workspaceId));
    expect(kept).toMatchObject({ sourceId: ours, utmCampaign: "brand_msk" });
    // Disconnecting answers 204 and keeps the history.
    expect((await call(owner, "DELETE", DIRECT)).statusCode).toBe(204);
    expect((await call(owner, "GET", DIRECT)).json()).toEqual({ connected: false });
    expect(await db().$count(adSpend, eq(adSpend.workspaceId, owner.workspaceId))).toBe(1);
  });
});
