// Yandex Direct's side of the sync: CAMPAIGN_PERFORMANCE_REPORT for a chunk of days → campaigns and their
// daily spend in kopecks. A new campaign's utm_campaign is its id, as Direct's {campaign_id} template
// puts it in the landing URL.
import type { Platform } from "../../../platform/platform.ts";
import { DIRECT_CREDENTIALS, type DirectCredentials, directClient, openCredentials } from "../clients.ts";
import type { IntegrationRow } from "../store.ts";
import type { Fetcher } from "../sync.ts";

/** Direct builds a report of a month quickly; 90 days are three of them. */
const CHUNK_DAYS = 30;

export function directFetcher(platform: Platform, row: IntegrationRow): Fetcher {
  const client = directClient(
    platform,
    openCredentials<DirectCredentials>(platform, row.credentials, DIRECT_CREDENTIALS),
  );
  return {
    chunkDays: CHUNK_DAYS,
    defaultUtm: (externalId) => externalId,
    async fetch(from, to) {
      const days = await client.campaignReport(from, to);
      return {
        campaigns: days.map((d) => ({ externalId: d.campaignId, name: d.campaignName })),
        rows: days.map((d) => ({
          externalId: d.campaignId,
          day: d.date,
          costMinor: d.costMinor,
          impressions: d.impressions,
          clicks: d.clicks,
        })),
      };
    },
  };
}
