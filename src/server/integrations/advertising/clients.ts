// The provider clients of a connected integration, built from its sealed credentials, and the test hook
// that points Direct at a fake, shortens its waits and fixes "today" (like configureMoySklad).
import type { Platform } from "../../platform/platform.ts";
import { createAvitoClient, memoryTokenCache } from "../messaging/avito/client.ts";
import { createAvitoStatsClient } from "../messaging/avito/stats.ts";
import { createDirectClient, type DirectOptions } from "./yandex-direct/client.ts";

export const DIRECT_CREDENTIALS = "advertising.yandex_direct.credentials";
export const AVITO_CREDENTIALS = "advertising.avito.credentials";

type Tuning = Partial<Pick<DirectOptions, "baseUrl" | "sleep" | "maxPolls" | "timeoutMs">> & {
  /** Today in the advertisers' time zone, YYYY-MM-DD (tests fix it). */
  today?: () => string;
};
const tuning = new WeakMap<Platform, Tuning>();

/**
 * Points one platform's Direct client elsewhere, shortens its waits and fixes the date (tests: the fake,
 * no real sleep, a known "yesterday").
 */
export function configureAdvertising(platform: Platform, options: Tuning) {
  tuning.set(platform, { ...tuning.get(platform), ...options });
}

/** Direct and Avito count days in Moscow time for Russian advertisers. */
const moscowDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" });

/** Today, YYYY-MM-DD, in Moscow time (or the test's date). */
export const todayFor = (platform: Platform) =>
  tuning.get(platform)?.today?.() ?? moscowDay.format(new Date());

export interface DirectCredentials {
  token: string;
  clientLogin?: string | null;
}
export interface AvitoCredentials {
  clientId: string;
  clientSecret: string;
}

export function directClient(platform: Platform, credentials: DirectCredentials) {
  const { baseUrl, today: _today, ...rest } = tuning.get(platform) ?? {};
  return createDirectClient({
    baseUrl: baseUrl ?? platform.config.providers.yandexDirect,
    token: credentials.token,
    clientLogin: credentials.clientLogin,
    ...rest,
  });
}

/** One token per Avito application for the whole process, shared by every sync. */
const avitoTokens = memoryTokenCache();

export function avitoClients(platform: Platform, credentials: AvitoCredentials) {
  const options = {
    baseUrl: platform.config.providers.avito,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    timeoutMs: 30_000,
    tokenCache: avitoTokens,
  };
  return { core: createAvitoClient(options), stats: createAvitoStatsClient(options) };
}

export const openCredentials = <T>(platform: Platform, sealed: string, context: string) =>
  JSON.parse(platform.secrets.open(sealed, context)) as T;
