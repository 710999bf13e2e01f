// Avito listing statistics, spend and the listings themselves (PROTOCOLS.md §6, "Listing stats and
// spend"), for the advertising integration. They share the messenger's OAuth application, so pass both
// clients the same `tokenCache` to share one token. The spendings body and answer come from a single
// third-party client and are unconfirmed: they are read tolerantly and kept in the schemas below.
import { z } from "zod";
import { STATS_V2_RETRY_AFTER_MS } from "./errors.ts";
import { type AvitoClientOptions, createAvitoSession } from "./session.ts";
import { avitoId } from "./types.ts";

/** Avito answers about 200 listings per stats call; ask for more in several calls. */
export const MAX_STATS_ITEM_IDS = 200;

export type StatsField = "uniqViews" | "uniqContacts" | "uniqFavorites";

export interface ItemStatsParams {
  accountId: number | string;
  /** `YYYY-MM-DD`, both inclusive. */
  dateFrom: string;
  dateTo: string;
  fields: StatsField[];
  itemIds: number[];
  /** `summary` is seen only in some client code. */
  periodGrouping?: "day" | "week" | "month" | "summary";
}

export interface SpendingsParams {
  accountId: number | string;
  dateFrom: string;
  dateTo: string;
  grouping?: "day" | "week" | "month";
  spendingTypes?: string[];
  itemIds?: number[];
}

export interface ListItemsParams {
  page?: number;
  /** Up to 100. */
  perPage?: number;
  status?: "active" | "old" | "removed" | "blocked" | "rejected";
}

const itemStats = z.object({
  itemId: avitoId,
  stats: z.array(
    z.object({
      date: z.string(),
      uniqViews: z.number().optional(),
      uniqContacts: z.number().optional(),
      uniqFavorites: z.number().optional(),
    }),
  ),
});
export type AvitoItemStats = z.infer<typeof itemStats>;

const spendingGroup = z.object({
  date: z.string(),
  /** `presence`, `promotion`…; values in roubles. */
  spendings: z.array(z.object({ slug: z.string(), value: z.number() })),
});
export type AvitoSpendingGroup = z.infer<typeof spendingGroup>;

const item = z.object({
  id: avitoId,
  title: z.string(),
  price: z.number().nullable().optional(),
  status: z.string().optional(),
  url: z.string().optional(),
  category: z.object({ id: avitoId.optional(), name: z.string().optional() }).optional(),
});
export type AvitoItem = z.infer<typeof item>;

export interface AvitoStatsClient {
  /** Views, contacts and favourites per listing and period (stats v1). */
  getItemStats(params: ItemStatsParams): Promise<AvitoItemStats[]>;
  /** Money spent per period, by spending type (stats v2; reported limit 1 call a minute). */
  getSpendings(params: SpendingsParams): Promise<AvitoSpendingGroup[]>;
  /** The account's listings, a page at a time. */
  listItems(params?: ListItemsParams): Promise<AvitoItem[]>;
}

const account = (id: number | string) => encodeURIComponent(String(id));

export function createAvitoStatsClient(options: AvitoClientOptions): AvitoStatsClient {
  const session = createAvitoSession(options);

  return {
    async getItemStats({ accountId, itemIds, periodGrouping = "day", ...period }) {
      if (itemIds.length > MAX_STATS_ITEM_IDS) {
        throw new RangeError(`At most ${MAX_STATS_ITEM_IDS} listings per stats call, got ${itemIds.length}`);
      }
      const answer = await session.call({
        method: "POST",
        path: `/stats/v1/accounts/${account(accountId)}/items`,
        json: { ...period, itemIds, periodGrouping },
        schema: z.object({ result: z.object({ items: z.array(itemStats) }) }),
        idempotent: true,
      });
      return answer.result.items;
    },

    async getSpendings({ accountId, dateFrom, dateTo, grouping = "day", spendingTypes = ["all"], itemIds }) {
      const answer = await session.call({
        method: "POST",
        path: `/stats/v2/accounts/${account(accountId)}/spendings`,
        json: {
          dateFrom,
          dateTo,
          grouping,
          spendingTypes,
          ...(itemIds ? { filter: { itemIDs: itemIds } } : {}),
        },
        schema: z.object({ result: z.object({ groupings: z.array(spendingGroup) }) }),
        idempotent: true,
        defaultRetryMs: STATS_V2_RETRY_AFTER_MS,
      });
      return answer.result.groupings;
    },

    async listItems({ page = 1, perPage = 100, status } = {}) {
      const answer = await session.call({
        method: "GET",
        path: "/core/v1/items",
        query: { per_page: perPage, page, status },
        schema: z.object({ resources: z.array(item) }),
        idempotent: true,
      });
      return answer.resources;
    },
  };
}
