// Advertising integrations (/api/advertising/*, docs/advertising.md): Yandex Direct and Avito as the
// settings page reads them (the generated OpenAPI types), their connect forms, and the campaigns table's
// edits as the PATCH the API takes.
import type { components } from "../../../../common/api/schema.d.ts";

type Schemas = components["schemas"];
export type AdPlatform = "yandex-direct" | "avito";
export type AdPlatformKey = Schemas["AdCampaign"]["platform"];
export type AdRun = Schemas["AdvertisingRun"];
export type DirectIntegration = Schemas["YandexDirectIntegration"] & { connected: true };
export type AvitoIntegration = Schemas["AvitoAdvertisingIntegration"] & { connected: true };
export type AdIntegration = DirectIntegration | AvitoIntegration;
export type AdStatus<T extends AdIntegration> = { connected: false } | T;
export type Campaign = Schemas["AdCampaign"];

export const AD_PLATFORMS: AdPlatform[] = ["yandex-direct", "avito"];
/** The URL segment of a platform as the campaigns list names it. */
export const platformPath = (key: AdPlatformKey): AdPlatform =>
  key === "yandex_direct" ? "yandex-direct" : "avito";

export interface DirectConnectValues {
  token: string;
  clientLogin: string;
}
export interface AvitoConnectValues {
  clientId: string;
  clientSecret: string;
}
export type ConnectValues<P extends AdPlatform> = P extends "yandex-direct"
  ? DirectConnectValues
  : AvitoConnectValues;

export const emptyDirectForm = (): DirectConnectValues => ({ token: "", clientLogin: "" });
export const emptyAvitoForm = (): AvitoConnectValues => ({ clientId: "", clientSecret: "" });

/** Direct's POST body: the token trimmed, the Client-Login only when given. */
export function directConnectBody(values: DirectConnectValues) {
  const clientLogin = values.clientLogin.trim();
  return { token: values.token.trim(), ...(clientLogin ? { clientLogin } : {}) };
}

export const avitoConnectBody = (values: AvitoConnectValues) => ({
  clientId: values.clientId.trim(),
  clientSecret: values.clientSecret.trim(),
});

/** The form's own checks (the API's limits), as i18n keys of the settings namespace. */
export function directConnectErrors(
  values: DirectConnectValues,
): Partial<Record<keyof DirectConnectValues, string>> {
  const errors: Partial<Record<keyof DirectConnectValues, string>> = {};
  const token = values.token.trim();
  if (!token) errors.token = "validation.required";
  else if (token.length > 500) errors.token = "advertising.validation.tooLong";
  if (values.clientLogin.trim().length > 200) errors.clientLogin = "validation.tooLong";
  return errors;
}

export function avitoConnectErrors(
  values: AvitoConnectValues,
): Partial<Record<keyof AvitoConnectValues, string>> {
  const errors: Partial<Record<keyof AvitoConnectValues, string>> = {};
  const id = values.clientId.trim();
  const secret = values.clientSecret.trim();
  if (!id) errors.clientId = "validation.required";
  else if (id.length > 200) errors.clientId = "validation.tooLong";
  if (!secret) errors.clientSecret = "validation.required";
  else if (secret.length > 500) errors.clientSecret = "advertising.validation.tooLong";
  return errors;
}

const COUNT_ORDER = ["campaigns", "days", "rows"];
/** A run's counts worth showing (non-zero, not the internal `chunksDone`), the usual ones first. */
export function adCountEntries(counts: Record<string, number>): [string, number][] {
  const rank = (k: string) => {
    const i = COUNT_ORDER.indexOf(k);
    return i === -1 ? COUNT_ORDER.length : i;
  };
  return Object.entries(counts)
    .filter(([key, n]) => n > 0 && key !== "chunksDone")
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
export const isAdCountKnown = (key: string) => COUNT_ORDER.includes(key);

const pad = (n: number) => String(n).padStart(2, "0");
/** A local calendar date as `YYYY-MM-DD`. */
export const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The campaigns table's period: the last `days` days up to today (spend is imported up to yesterday). */
export function lastDays(days: number, today: Date = new Date()): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: ymd(from), to: ymd(today) };
}

/** A campaign's identity across platforms (the table's row key, the PATCH's address). */
export const campaignKey = (c: Pick<Campaign, "platform" | "externalId">) => `${c.platform}:${c.externalId}`;

export interface CampaignEdit {
  sourceId: string | null;
  utmCampaign: string | null;
}

/** The edit typed in a row, trimmed: an empty utm_campaign clears it. */
export function normalizeEdit(edit: { sourceId: string | null; utmCampaign: string }): CampaignEdit {
  const utm = edit.utmCampaign.trim();
  return { sourceId: edit.sourceId || null, utmCampaign: utm || null };
}

/**
 * The PATCH item for one row, only with the fields that changed; null when nothing did (nothing to
 * send). An over-long utm_campaign is the API's to refuse (a 422 on the row).
 */
export function campaignPatchItem(campaign: Campaign, edit: CampaignEdit) {
  const changes: { sourceId?: string | null; utmCampaign?: string | null } = {};
  if (edit.sourceId !== campaign.sourceId) changes.sourceId = edit.sourceId;
  if (edit.utmCampaign !== campaign.utmCampaign) changes.utmCampaign = edit.utmCampaign;
  if (Object.keys(changes).length === 0) return null;
  return { platform: campaign.platform, externalId: campaign.externalId, ...changes };
}
