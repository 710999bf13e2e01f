// The ROI report's SQL. Spend is the workspace's (inWorkspace); deals are scoped by visibleTo; Unsorted
// leads count while pending (unowned, so everyone's) or, once accepted, when their deal is visible.
import { and, count, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  adCampaigns,
  adSpend,
  advertisingIntegrations,
  deals,
  unsortedLeads,
} from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import type { Period } from "./analytics.queries.ts";

/** The UTM campaign an Unsorted lead's payload carries (form submissions keep the tag names). */
const leadUtmCampaign = sql<string | null>`nullif(${unsortedLeads.payload}->>'utm_campaign', '')`;

function createdWithin(column: typeof deals.createdAt | typeof unsortedLeads.createdAt, period: Period) {
  return [
    ...(period.from ? [sql`${column} >= ${period.from}::timestamptz`] : []),
    ...(period.to ? [sql`${column} < ${period.to}::timestamptz`] : []),
  ];
}

/** Spend, impressions and clicks of the days from..to (dates, both included) per campaign or listing. */
export function spendByCampaign(db: Db, actor: Actor, from: string, to: string) {
  return db
    .select({
      platform: advertisingIntegrations.platform,
      externalId: adSpend.externalId,
      name: adCampaigns.name,
      sourceId: adCampaigns.sourceId,
      spendMinor: sql<number>`sum(${adSpend.costMinor})::float8`,
      impressions: sql<number>`sum(${adSpend.impressions})::float8`,
      clicks: sql<number>`sum(${adSpend.clicks})::float8`,
    })
    .from(adSpend)
    .innerJoin(
      advertisingIntegrations,
      and(
        eq(advertisingIntegrations.workspaceId, adSpend.workspaceId),
        eq(advertisingIntegrations.id, adSpend.integrationId),
      ),
    )
    .leftJoin(
      adCampaigns,
      and(
        eq(adCampaigns.workspaceId, adSpend.workspaceId),
        eq(adCampaigns.integrationId, adSpend.integrationId),
        eq(adCampaigns.externalId, adSpend.externalId),
      ),
    )
    .where(and(inWorkspace(actor, adSpend), gte(adSpend.day, from), lte(adSpend.day, to)))
    .groupBy(advertisingIntegrations.platform, adSpend.externalId, adCampaigns.name, adCampaigns.sourceId);
}

/** Every campaign and listing of the workspace with the UTM campaign its deals carry. */
export function listCampaigns(db: Db, actor: Actor) {
  return db
    .select({
      platform: advertisingIntegrations.platform,
      externalId: adCampaigns.externalId,
      name: adCampaigns.name,
      utmCampaign: adCampaigns.utmCampaign,
    })
    .from(adCampaigns)
    .innerJoin(
      advertisingIntegrations,
      and(
        eq(advertisingIntegrations.workspaceId, adCampaigns.workspaceId),
        eq(advertisingIntegrations.id, adCampaigns.integrationId),
      ),
    )
    .where(inWorkspace(actor, adCampaigns));
}

/**
 * Visible deals created in the period (of the pipeline, if given) per source and UTM campaign: how many,
 * how many won, the won amount in `currency`, and how many are leads of their own (a deal made by
 * accepting an Unsorted lead is not: that lead is counted instead).
 */
export function dealResults(db: Db, actor: Actor, period: Period, currency: string, pipelineId?: string) {
  const fromLead = sql`exists (select 1 from ${unsortedLeads}
     where ${unsortedLeads.workspaceId} = ${deals.workspaceId} and ${unsortedLeads.dealId} = ${deals.id}
       and ${unsortedLeads.status} = 'accepted')`;
  return db
    .select({
      sourceId: deals.sourceId,
      utmCampaign: deals.utmCampaign,
      deals: count(),
      leads: sql<number>`(count(*) filter (where not ${fromLead}))::int`,
      won: sql<number>`(count(*) filter (where ${deals.status} = 'won'))::int`,
      revenueMinor: sql<number>`coalesce(sum(${deals.amountMinor}) filter (where ${deals.status} = 'won' and ${deals.currency} = ${currency}), 0)::float8`,
    })
    .from(deals)
    .where(
      and(
        visibleTo(actor, deals),
        ...createdWithin(deals.createdAt, period),
        ...(pipelineId ? [eq(deals.pipelineId, pipelineId)] : []),
      ),
    )
    .groupBy(deals.sourceId, deals.utmCampaign);
}

/**
 * Unsorted leads that arrived in the period per source and UTM campaign: pending ones (no pipeline yet,
 * so only without a pipeline filter) and accepted ones whose deal is visible (and in the pipeline).
 * Declined (spam, mistakes) and linked ones (a known client's new message) are not new leads.
 */
export function unsortedResults(db: Db, actor: Actor, period: Period, pipelineId?: string) {
  const accepted: SQL = and(
    eq(unsortedLeads.status, "accepted"),
    visibleTo(actor, deals),
    ...(pipelineId ? [eq(deals.pipelineId, pipelineId)] : []),
  ) as SQL;
  const pending = eq(unsortedLeads.status, "pending");
  return db
    .select({ sourceId: unsortedLeads.sourceId, utmCampaign: leadUtmCampaign, leads: count() })
    .from(unsortedLeads)
    .leftJoin(
      deals,
      and(eq(deals.workspaceId, unsortedLeads.workspaceId), eq(deals.id, unsortedLeads.dealId)),
    )
    .where(
      and(
        inWorkspace(actor, unsortedLeads),
        ...createdWithin(unsortedLeads.createdAt, period),
        pipelineId ? accepted : sql`(${pending} or ${accepted})`,
      ),
    )
    .groupBy(unsortedLeads.sourceId, leadUtmCampaign);
}
