// The advertising endpoints' shapes: settings per platform, the integration as shown, sync runs and the
// campaigns (Direct) and listings (Avito) with their lead source. The web app reads these through the
// generated OpenAPI client types.
import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });
const day = z.iso.date();

/** How far back the first sync reads, and how many recent days every sync reads again. */
const syncWindow = {
  /** Days before yesterday imported on connect (Direct keeps statistics for years; we take 90 at most). */
  backfillDays: z.number().int().min(1).max(90).default(90),
  /** Each sync re-reads this many days before yesterday: the platforms correct recent spend (fraud refunds). */
  refreshDays: z.number().int().min(1).max(30).default(3),
};

export const directSettings = z.object(syncWindow);
export type DirectSettings = z.infer<typeof directSettings>;
export const avitoSettings = z.object(syncWindow);
export type AvitoSettings = z.infer<typeof avitoSettings>;

export const runSchema = z
  .object({
    id: z.string(),
    status: z.enum(["running", "succeeded", "failed"]),
    dateFrom: day.nullable(),
    dateTo: day.nullable(),
    /** `{campaigns, days, rows}` so far. */
    counts: z.record(z.string(), z.number()),
    error: z.string().nullable(),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: "AdvertisingRun" });
export type RunView = z.infer<typeof runSchema>;

const common = {
  id: z.string(),
  status: z.enum(["active", "error", "disconnected"]),
  lastSyncAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: timestamp.nullable(),
  /** The last day whose spend is imported in full; null before the first sync finishes a chunk. */
  syncedThrough: day.nullable(),
  /** The run in progress, if any. */
  running: runSchema.nullable(),
};

export const directView = z
  .object({
    ...common,
    platform: z.literal("yandex_direct"),
    account: z.object({ clientLogin: z.string().optional() }),
    settings: directSettings,
  })
  .meta({ id: "YandexDirectIntegration" });

export const avitoView = z
  .object({
    ...common,
    platform: z.literal("avito"),
    account: z.object({ accountId: z.string().optional(), name: z.string().optional() }),
    settings: avitoSettings,
  })
  .meta({ id: "AvitoAdvertisingIntegration" });

export const directConnected = directView.extend({ connected: z.literal(true) });
export const avitoConnected = avitoView.extend({ connected: z.literal(true) });
/** `connected: false` before connecting (and after disconnecting): 200, not 404, so a page can show the form. */
export const directStatus = z.union([z.object({ connected: z.literal(false) }), directConnected]);
export const avitoStatus = z.union([z.object({ connected: z.literal(false) }), avitoConnected]);

export const directConnect = z
  .object({
    token: z.string().trim().min(1).max(500),
    /** The advertiser's login, for agency and representative tokens. */
    clientLogin: z.string().trim().min(1).max(200).nullish(),
    settings: directSettings.partial().optional(),
  })
  .strict();
export type DirectConnect = z.infer<typeof directConnect>;

export const avitoConnect = z
  .object({
    clientId: z.string().trim().min(1).max(200),
    clientSecret: z.string().trim().min(1).max(500),
    settings: avitoSettings.partial().optional(),
  })
  .strict();
export type AvitoConnect = z.infer<typeof avitoConnect>;

export const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(1000).optional(),
});
export const logPage = z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() });

export const campaignSchema = z
  .object({
    platform: z.enum(["yandex_direct", "avito"]),
    /** Direct's campaign id, or Avito's listing id (`account` for Avito's account-wide spend). */
    externalId: z.string(),
    name: z.string(),
    /** What deals from this campaign carry in `utm_campaign`. */
    utmCampaign: z.string().nullable(),
    sourceId: z.string().nullable(),
    /** Spend over the period asked (all imported days without one), in kopecks. */
    costMinor: z.number(),
    impressions: z.number(),
    clicks: z.number(),
    views: z.number(),
    contacts: z.number(),
    favorites: z.number(),
  })
  .meta({ id: "AdCampaign" });

export const campaignListQuery = z.object({
  platform: z.enum(["yandex_direct", "avito"]).optional(),
  from: day.optional(),
  to: day.optional(),
});

export const campaignPatch = z
  .object({
    items: z
      .array(
        z
          .object({
            platform: z.enum(["yandex_direct", "avito"]),
            externalId: z.string().min(1).max(100),
            sourceId: z.string().min(1).max(100).nullable().optional(),
            utmCampaign: z.string().trim().min(1).max(200).nullable().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();
export type CampaignPatch = z.infer<typeof campaignPatch>;
