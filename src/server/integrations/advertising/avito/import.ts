// Avito's side of the sync: the account's listings (→ campaigns, externalId = the listing id), their daily
// views, contacts and favourites (stats v1, 200 listings a call), and the account's daily spend (stats
// v2 spendings, all spending types added up, roubles → kopecks).
//
// Spend is stored account-wide, under the campaign `account`, not per listing: stats v2 is reported to
// allow one call a minute, so a call per listing would take hours for a shop with a hundred listings,
// and the per-listing filter is unconfirmed (PROTOCOLS.md §6). Its source is the workspace's Avito
// source, so ROI per source is exact; per listing it shows reach and leads, not cost.
import type { Platform } from "../../../platform/platform.ts";
import { MAX_STATS_ITEM_IDS } from "../../messaging/avito/stats.ts";
import { AVITO_CREDENTIALS, type AvitoCredentials, avitoClients, openCredentials } from "../clients.ts";
import type { IntegrationRow } from "../store.ts";
import type { Chunk, Fetcher, SpendRow } from "../sync.ts";

/** The campaign that carries the account's spend. */
export const ACCOUNT_SPEND_ID = "account";
export const ACCOUNT_SPEND_NAME = "Авито: расходы аккаунта";
/** One chunk for the whole window: one spendings call per sync. */
const CHUNK_DAYS = 90;
const PER_PAGE = 100;
/** A shop with more listings than this is cut here (and says so in the log through the counts). */
const MAX_PAGES = 100;

/** Roubles with kopecks as a float → kopecks, exact for two decimals. */
export const kopecksOf = (roubles: number) => Math.round(roubles * 100);

export function avitoFetcher(platform: Platform, row: IntegrationRow): Fetcher {
  const { core, stats } = avitoClients(
    platform,
    openCredentials<AvitoCredentials>(platform, row.credentials, AVITO_CREDENTIALS),
  );
  return {
    chunkDays: CHUNK_DAYS,
    // The listing id: what a deal from the listing's chat is matched by (see docs/advertising.md).
    defaultUtm: (externalId) => (externalId === ACCOUNT_SPEND_ID ? null : externalId),
    async fetch(from, to): Promise<Chunk> {
      const accountId = row.account.accountId ?? String((await core.getSelf()).id);
      const items = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const batch = await stats.listItems({ page, perPage: PER_PAGE });
        items.push(...batch);
        if (batch.length < PER_PAGE) break;
      }
      const rows: SpendRow[] = [];
      for (let i = 0; i < items.length; i += MAX_STATS_ITEM_IDS) {
        const answer = await stats.getItemStats({
          accountId,
          dateFrom: from,
          dateTo: to,
          fields: ["uniqViews", "uniqContacts", "uniqFavorites"],
          itemIds: items.slice(i, i + MAX_STATS_ITEM_IDS).map((item) => item.id),
        });
        for (const item of answer) {
          for (const day of item.stats) {
            rows.push({
              externalId: String(item.itemId),
              day: day.date.slice(0, 10),
              costMinor: 0,
              views: day.uniqViews ?? 0,
              contacts: day.uniqContacts ?? 0,
              favorites: day.uniqFavorites ?? 0,
            });
          }
        }
      }
      const spend = await stats.getSpendings({ accountId, dateFrom: from, dateTo: to });
      for (const group of spend) {
        const costMinor = group.spendings.reduce((sum, s) => sum + kopecksOf(s.value), 0);
        if (costMinor !== 0)
          rows.push({ externalId: ACCOUNT_SPEND_ID, day: group.date.slice(0, 10), costMinor });
      }
      const campaigns = items.map((item) => ({ externalId: String(item.id), name: item.title }));
      if (spend.length > 0) campaigns.push({ externalId: ACCOUNT_SPEND_ID, name: ACCOUNT_SPEND_NAME });
      return { campaigns, rows };
    },
  };
}
