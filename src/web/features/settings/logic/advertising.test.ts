import { describe, expect, it } from "vitest";
import {
  adCountEntries,
  avitoConnectBody,
  avitoConnectErrors,
  type Campaign,
  campaignKey,
  campaignPatchItem,
  directConnectBody,
  directConnectErrors,
  lastDays,
  normalizeEdit,
  platformPath,
} from "./advertising.ts";

const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  platform: "yandex_direct",
  externalId: "70001",
  name: "Диваны — поиск",
  utmCampaign: "70001",
  sourceId: "src_direct",
  costMinor: 1_250_000,
  impressions: 1000,
  clicks: 50,
  views: 0,
  contacts: 0,
  favorites: 0,
  ...over,
});

describe("connect forms", () => {
  it("sends Direct's token trimmed and the Client-Login only when given", () => {
    expect(directConnectBody({ token: "  y0_abc ", clientLogin: " " })).toEqual({ token: "y0_abc" });
    expect(directConnectBody({ token: "y0_abc", clientLogin: " agency-client " })).toEqual({
      token: "y0_abc",
      clientLogin: "agency-client",
    });
    expect(avitoConnectBody({ clientId: " id ", clientSecret: " s " })).toEqual({
      clientId: "id",
      clientSecret: "s",
    });
  });

  it("asks for what the API requires, within its limits", () => {
    expect(directConnectErrors({ token: "  ", clientLogin: "" })).toEqual({ token: "validation.required" });
    expect(directConnectErrors({ token: "x".repeat(501), clientLogin: "y".repeat(201) })).toEqual({
      token: "advertising.validation.tooLong",
      clientLogin: "validation.tooLong",
    });
    expect(directConnectErrors({ token: "y0_abc", clientLogin: "" })).toEqual({});
    expect(avitoConnectErrors({ clientId: "", clientSecret: "" })).toEqual({
      clientId: "validation.required",
      clientSecret: "validation.required",
    });
    expect(avitoConnectErrors({ clientId: "id", clientSecret: "secret" })).toEqual({});
  });
});

describe("runs and campaigns", () => {
  it("shows a run's counts in a fixed order without the internal chunk counter and zeros", () => {
    expect(adCountEntries({ rows: 12, chunksDone: 3, campaigns: 2, days: 0, extra: 1 })).toEqual([
      ["campaigns", 2],
      ["rows", 12],
      ["extra", 1],
    ]);
  });

  it("takes the last days up to today as local calendar dates", () => {
    expect(lastDays(30, new Date(2026, 10, 26, 1, 30))).toEqual({ from: "2026-10-28", to: "2026-11-26" });
    expect(lastDays(1, new Date(2026, 0, 1))).toEqual({ from: "2026-01-01", to: "2026-01-01" });
  });

  it("names platforms and campaigns the way the API does", () => {
    expect(platformPath("yandex_direct")).toBe("yandex-direct");
    expect(platformPath("avito")).toBe("avito");
    expect(campaignKey(campaign())).toBe("yandex_direct:70001");
  });

  it("sends only what changed, and an emptied utm_campaign as a clear", () => {
    const c = campaign();
    expect(
      campaignPatchItem(c, normalizeEdit({ sourceId: "src_direct", utmCampaign: " 70001 " })),
    ).toBeNull();
    expect(campaignPatchItem(c, normalizeEdit({ sourceId: "src_direct", utmCampaign: "divany" }))).toEqual({
      platform: "yandex_direct",
      externalId: "70001",
      utmCampaign: "divany",
    });
    expect(campaignPatchItem(c, normalizeEdit({ sourceId: null, utmCampaign: "" }))).toEqual({
      platform: "yandex_direct",
      externalId: "70001",
      sourceId: null,
      utmCampaign: null,
    });
  });
});
