// The Avito stats client against the fake: listing stats (v1), spend (v2) and listings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AvitoFake, startAvitoFake } from "../../../../../test/fakes/avito.ts";
import { createAvitoClient, memoryTokenCache } from "./client.ts";
import { type AvitoStatsClient, createAvitoStatsClient, MAX_STATS_ITEM_IDS } from "./stats.ts";

const accountId = 94235311;
const credentials = { clientId: "app", clientSecret: "s" };

describe("Avito stats client", () => {
  let fake: AvitoFake;
  let stats: AvitoStatsClient;
  const tokenCache = memoryTokenCache();
  beforeAll(async () => {
    fake = await startAvitoFake({ ...credentials, accountId });
    stats = createAvitoStatsClient({ baseUrl: fake.url, ...credentials, tokenCache });
    fake.setItemStats(4123456789, [
      { date: "2024-06-01", uniqViews: 57, uniqContacts: 4, uniqFavorites: 2 },
      { date: "2024-06-02", uniqViews: 40, uniqContacts: 1, uniqFavorites: 0 },
      { date: "2024-06-09", uniqViews: 9, uniqContacts: 0, uniqFavorites: 0 },
    ]);
    fake.setSpendings([
      {
        date: "2024-06-01",
        spendings: [
          { slug: "presence", value: 120.0 },
          { slug: "promotion", value: 349.0 },
        ],
      },
      { date: "2024-07-01", spendings: [{ slug: "presence", value: 1 }] },
    ]);
    fake.setItems([
      { id: 1, title: "Диван", price: 15000, status: "active", url: "https://www.avito.ru/1" },
      { id: 2, title: "Стол", price: 3000, status: "old", url: "https://www.avito.ru/2" },
    ]);
  });
  afterAll(() => fake.close());

  it("reads listing stats for a period", async () => {
    const items = await stats.getItemStats({
      accountId,
      dateFrom: "2024-06-01",
      dateTo: "2024-06-07",
      fields: ["uniqViews", "uniqContacts"],
      itemIds: [4123456789, 5],
    });
    expect(items).toEqual([
      {
        itemId: 4123456789,
        stats: [
          { date: "2024-06-01", uniqViews: 57, uniqContacts: 4 },
          { date: "2024-06-02", uniqViews: 40, uniqContacts: 1 },
        ],
      },
      { itemId: 5, stats: [] },
    ]);
    expect(fake.requests.at(-1)?.path).toBe(`/stats/v1/accounts/${accountId}/items`);
  });

  it("refuses more listings than one call takes, before calling", async () => {
    const itemIds = Array.from({ length: MAX_STATS_ITEM_IDS + 1 }, (_, i) => i + 1);
    const calls = fake.requests.length;
    await expect(
      stats.getItemStats({ accountId, dateFrom: "2024-06-01", dateTo: "2024-06-07", fields: [], itemIds }),
    ).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(calls);
  });

  it("reads spend per day in roubles", async () => {
    const groupings = await stats.getSpendings({ accountId, dateFrom: "2024-06-01", dateTo: "2024-06-30" });
    expect(groupings).toEqual([
      {
        date: "2024-06-01",
        spendings: [
          { slug: "presence", value: 120 },
          { slug: "promotion", value: 349 },
        ],
      },
    ]);
  });

  it("waits a minute after a 429 from stats v2 without Retry-After", async () => {
    fake.failNext({ status: 429, path: "/stats/v2" });
    const err = await stats
      .getSpendings({ accountId, dateFrom: "2024-06-01", dateTo: "2024-06-30", itemIds: [1] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, permanent: false, retryAfterMs: 61_000 });
  });

  it("lists the account's listings by status", async () => {
    expect(await stats.listItems({ status: "active" })).toEqual([
      { id: 1, title: "Диван", price: 15000, status: "active", url: "https://www.avito.ru/1" },
    ]);
    expect(fake.requests.at(-1)?.path).toBe("/core/v1/items?per_page=100&page=1&status=active");
  });

  it("shares its token with the messenger client through the cache", async () => {
    await createAvitoClient({ baseUrl: fake.url, ...credentials, tokenCache }).getSelf();
    expect(fake.tokenRequests).toHaveLength(1);
  });
});
