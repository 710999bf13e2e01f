// Spend against results per lead source or advertising campaign (docs/analytics.md has the attribution).
import type { Db } from "../../db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { getPipeline } from "../pipelines/pipelines.service.ts";
import { cell, csvBody } from "./analytics.csv.ts";
import { listSources, resolvePeriod, workspaceSettings } from "./analytics.queries.ts";
import { dealResults, listCampaigns, spendByCampaign, unsortedResults } from "./roi.queries.ts";
import type { RoiFigures, RoiQuery, RoiReport } from "./roi.schemas.ts";

type Counts = Pick<
  RoiFigures,
  "spendMinor" | "impressions" | "clicks" | "leads" | "deals" | "won" | "revenueMinor"
>;
type Row = { key: string | null; name: string; counts: Counts };

const NONE = "—";
const zero = (): Counts => ({
  spendMinor: 0,
  impressions: 0,
  clicks: 0,
  leads: 0,
  deals: 0,
  won: 0,
  revenueMinor: 0,
});

function add(into: Counts, part: Partial<Counts>) {
  for (const [k, v] of Object.entries(part) as [keyof Counts, number | undefined][]) {
    into[k] += Number(v ?? 0);
  }
}

/** The derived ratios: CPL and CAC in whole minor units, ROMI in percent with one decimal. */
export function withRatios(c: Counts): RoiFigures {
  const ratio = (n: number, base: number) => (base ? Math.round(n / base) : null);
  return {
    ...c,
    cplMinor: ratio(c.spendMinor, c.leads),
    cacMinor: ratio(c.spendMinor, c.won),
    romi: c.spendMinor ? Math.round(((c.revenueMinor - c.spendMinor) / c.spendMinor) * 1000) / 10 : null,
  };
}

const campaignKey = (platform: string, externalId: string) => `${platform}:${externalId}`;

/** The report: spend of the days from..to, results of what arrived in those days (workspace time zone). */
export async function roi(db: Db, actor: Actor, q: RoiQuery): Promise<RoiReport> {
  authorize(actor, "analytics.view");
  if (q.from > q.to) {
    throw new AppError("validation_failed", "The period ends before it starts", [
      { field: "query.from", message: "must not be after to" },
    ]);
  }
  const { timezone, currency } = await workspaceSettings(db, actor);
  if (q.pipelineId) await getPipeline(db, actor, q.pipelineId);
  const period = await resolvePeriod(db, timezone, q.from, q.to);
  const [spend, dealRows, leadRows] = await Promise.all([
    spendByCampaign(db, actor, q.from, q.to),
    dealResults(db, actor, period, currency, q.pipelineId),
    unsortedResults(db, actor, period, q.pipelineId),
  ]);

  const rows = new Map<string | null, Row>();
  const row = (key: string | null, name: string) => {
    let r = rows.get(key);
    if (!r) {
      r = { key, name: key === null ? NONE : name, counts: zero() };
      rows.set(key, r);
    }
    return r;
  };
  const spendOf = (s: (typeof spend)[number]) => ({
    spendMinor: s.spendMinor,
    impressions: s.impressions,
    clicks: s.clicks,
  });
  const resultsOf = (d: Partial<Counts>) => ({
    leads: d.leads,
    deals: d.deals,
    won: d.won,
    revenueMinor: d.revenueMinor,
  });

  if (q.groupBy === "source") {
    const names = new Map((await listSources(db, actor)).map((s) => [s.id, s.name]));
    const bySource = (id: string | null) => row(id, id === null ? NONE : (names.get(id) ?? id));
    for (const s of spend) add(bySource(s.sourceId).counts, spendOf(s));
    for (const d of [...dealRows, ...leadRows]) add(bySource(d.sourceId).counts, resultsOf(d));
  } else {
    const campaigns = await listCampaigns(db, actor);
    const byUtm = new Map<string, Row[]>();
    for (const c of campaigns) {
      const r = row(campaignKey(c.platform, c.externalId), c.name);
      if (c.utmCampaign) byUtm.set(c.utmCampaign, [...(byUtm.get(c.utmCampaign) ?? []), r]);
    }
    for (const s of spend) {
      add(row(campaignKey(s.platform, s.externalId), s.name ?? s.externalId).counts, spendOf(s));
    }
    // A deal whose UTM campaign several campaigns share counts for each of them (and once in the totals).
    for (const d of [...dealRows, ...leadRows]) {
      for (const r of byUtm.get(d.utmCampaign ?? "") ?? [row(null, NONE)]) add(r.counts, resultsOf(d));
    }
  }

  const totals = zero();
  for (const s of spend) add(totals, spendOf(s));
  for (const d of [...dealRows, ...leadRows]) add(totals, resultsOf(d));

  const items = [...rows.values()]
    .filter((r) => Object.values(r.counts).some((v) => v !== 0))
    .sort(
      (a, b) =>
        Number(a.key === null) - Number(b.key === null) ||
        b.counts.spendMinor - a.counts.spendMinor ||
        b.counts.leads - a.counts.leads ||
        a.name.localeCompare(b.name, "ru"),
    )
    .map((r) => ({ key: r.key, name: r.name, ...withRatios(r.counts) }));
  return {
    groupBy: q.groupBy,
    currency,
    period: { from: q.from, to: q.to, timezone },
    items,
    totals: withRatios(totals),
  };
}

/** The same report as CSV for Excel: UTF-8 with a BOM, `;`-separated, decimal commas (like the exports). */
export async function roiCsv(db: Db, actor: Actor, q: RoiQuery) {
  const report = await roi(db, actor, q);
  const line = (name: string, f: RoiFigures) => [
    name,
    cell(f.spendMinor, 100),
    cell(f.impressions),
    cell(f.clicks),
    cell(f.leads),
    cell(f.deals),
    cell(f.won),
    cell(f.revenueMinor, 100),
    cell(f.cplMinor, 100),
    cell(f.cacMinor, 100),
    cell(f.romi),
  ];
  const header = [
    q.groupBy === "source" ? "Источник" : "Кампания",
    `Расход, ${report.currency}`,
    "Показы",
    "Клики",
    "Лиды",
    "Сделки",
    "Выиграно",
    `Выручка, ${report.currency}`,
    "CPL",
    "CAC",
    "ROMI, %",
  ];
  const body = csvBody([header, ...report.items.map((i) => line(i.name, i)), line("Итого", report.totals)]);
  return { fileName: `roi-${q.groupBy}-${q.from}-${q.to}.csv`, body };
}
