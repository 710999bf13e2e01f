// The campaigns (Direct) and listings (Avito) with their spend, and their mapping to a lead source and
// a utm_campaign, which is how the analytics tie spend to deals.
import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { adCampaigns, adSpend, advertisingIntegrations, leadSources } from "../../db/schema/index.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import type { CampaignPatch } from "./advertising.schemas.ts";

export async function listCampaigns(
  db: Db,
  actor: Actor,
  query: { platform?: "yandex_direct" | "avito"; from?: string; to?: string },
) {
  const spendOn = and(
    eq(adSpend.workspaceId, adCampaigns.workspaceId),
    eq(adSpend.integrationId, adCampaigns.integrationId),
    eq(adSpend.externalId, adCampaigns.externalId),
    query.from ? gte(adSpend.day, query.from) : undefined,
    query.to ? lte(adSpend.day, query.to) : undefined,
  );
  const sum = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)::float8`;
  const rows = await db
    .select({
      platform: advertisingIntegrations.platform,
      externalId: adCampaigns.externalId,
      name: adCampaigns.name,
      utmCampaign: adCampaigns.utmCampaign,
      sourceId: adCampaigns.sourceId,
      costMinor: sum(adSpend.costMinor),
      impressions: sum(adSpend.impressions),
      clicks: sum(adSpend.clicks),
      views: sum(adSpend.views),
      contacts: sum(adSpend.contacts),
      favorites: sum(adSpend.favorites),
    })
    .from(adCampaigns)
    .innerJoin(
      advertisingIntegrations,
      and(
        eq(advertisingIntegrations.workspaceId, adCampaigns.workspaceId),
        eq(advertisingIntegrations.id, adCampaigns.integrationId),
      ),
    )
    .leftJoin(adSpend, spendOn)
    .where(
      and(
        eq(adCampaigns.workspaceId, actor.workspaceId),
        query.platform ? eq(advertisingIntegrations.platform, query.platform) : undefined,
      ),
    )
    .groupBy(
      advertisingIntegrations.platform,
      adCampaigns.externalId,
      adCampaigns.name,
      adCampaigns.utmCampaign,
      adCampaigns.sourceId,
    )
    .orderBy(
      advertisingIntegrations.platform,
      sql`coalesce(sum(${adSpend.costMinor}), 0) desc`,
      adCampaigns.name,
    );
  return { items: rows };
}

/** Sets the source and utm_campaign of campaigns; each must be the workspace's, and so must the source. */
export async function updateCampaigns(db: Db, actor: Actor, patch: CampaignPatch) {
  authorize(actor, "integrations.manage");
  return db.transaction(async (tx) => {
    const sourceIds = [...new Set(patch.items.flatMap((i) => (i.sourceId ? [i.sourceId] : [])))];
    if (sourceIds.length > 0) {
      const found = await tx
        .select({ id: leadSources.id })
        .from(leadSources)
        .where(and(eq(leadSources.workspaceId, actor.workspaceId), inArray(leadSources.id, sourceIds)));
      const known = new Set(found.map((s) => s.id));
      const wrong = patch.items.flatMap((item, i) =>
        item.sourceId && !known.has(item.sourceId)
          ? [{ field: `body.items.${i}.sourceId`, message: "not a source of this workspace" }]
          : [],
      );
      if (wrong.length > 0) throw new AppError("validation_failed", "No such lead source", wrong);
    }
    const integrations = await tx
      .select({ id: advertisingIntegrations.id, platform: advertisingIntegrations.platform })
      .from(advertisingIntegrations)
      .where(eq(advertisingIntegrations.workspaceId, actor.workspaceId));
    for (const item of patch.items) {
      const integration = integrations.find((i) => i.platform === item.platform);
      const changes = {
        ...(item.sourceId !== undefined ? { sourceId: item.sourceId } : {}),
        ...(item.utmCampaign !== undefined ? { utmCampaign: item.utmCampaign } : {}),
        updatedAt: new Date(),
      };
      const updated = integration
        ? await tx
            .update(adCampaigns)
            .set(changes)
            .where(
              and(
                eq(adCampaigns.workspaceId, actor.workspaceId),
                eq(adCampaigns.integrationId, integration.id),
                eq(adCampaigns.externalId, item.externalId),
              ),
            )
            .returning({ externalId: adCampaigns.externalId })
        : [];
      if (updated.length === 0) {
        throw new AppError("not_found", `Campaign ${item.externalId} not found`, {
          platform: item.platform,
          externalId: item.externalId,
        });
      }
    }
  });
}
