// Yandex Direct API v5 Reports (PROTOCOLS.md §5): daily spend per campaign as a TSV report. A report is
// built online (200 at once) or queued offline (201, then 202 while it builds); we poll by re-sending the
// identical request after `retryIn` seconds. The ReportName is derived from the request itself, so a poll,
// and a later run after a crash, asks for the same report instead of queueing a new one (Direct keeps at
// most 5 offline reports per user in its queue). Failures are ProviderErrors; nothing else is retried
// here: the import job decides when to come back.
import { createHash } from "node:crypto";
import { ProviderError, providerRequest } from "../../../platform/http-client.ts";
import { CAMPAIGN_FIELDS, type CampaignDay, parseCampaignTsv } from "./tsv.ts";

export type { CampaignDay } from "./tsv.ts";
export { ReportFormatError } from "./tsv.ts";

export const PROVIDER = "Yandex Direct";
const REPORTS_PATH = "/json/v5/reports";
/** What Direct's docs say to wait when a 201/202 carries no retryIn. */
const DEFAULT_RETRY_IN_SEC = 60;
const DEFAULT_MAX_POLLS = 30;
/** An online report can take a while to build before the first byte. */
const DEFAULT_TIMEOUT_MS = 60_000;

/** Direct's codes that no retry can fix: 53 invalid token, 54 no rights (Client-Login), 58 app not approved. */
const PERMANENT_CODES = new Set([53, 54, 58]);
/** 52 OAuth server down, 152 no units, 506 too many connections, 1000–1004 server errors. */
const TRANSIENT_CODES = new Set([52, 152, 506, 1000, 1001, 1002, 1003, 1004]);
/**
 * The offline queue limit is one of the meanings of HTTP 400, and Direct documents no code for it. We
 * recognise it by this code or, failing that, by the message naming the queue and its limit.
 * [unconfirmed: 9000 is the fake's choice; keep it in this one constant]
 */
export const QUEUE_LIMIT_CODE = 9000;
const QUEUE_LIMIT_TEXT =
  /(limit|лимит|превыш|exceed).*(queue|очеред)|(queue|очеред).*(limit|лимит|full|exceed)/i;

export interface DirectOptions {
  /** e.g. https://api.direct.yandex.com (or the fake's url). */
  baseUrl: string;
  token: string;
  /** The advertiser's login, for agency and representative tokens. */
  clientLogin?: string | null;
  timeoutMs?: number;
  /** How the client waits for retryIn (tests pass a fast one); default real setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Max polls of one report before giving up (ProviderError, not permanent). */
  maxPolls?: number;
}

interface DirectErrorBody {
  code?: number;
  text: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `retryIn` in milliseconds; the documented default when missing or unreadable. */
function retryInMs(headers: Headers): number {
  const seconds = Number(headers.get("retryin") ?? Number.NaN);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_RETRY_IN_SEC) * 1000;
}

/** Direct's `{error:{error_code, error_string, error_detail}}`, with the code read leniently. */
function readError(text: string): DirectErrorBody | null {
  try {
    const error = (JSON.parse(text) as { error?: Record<string, unknown> }).error;
    if (!error || typeof error !== "object") return null;
    const code = Number(error.error_code);
    const parts = [error.error_string, error.error_detail].filter(
      (part): part is string => typeof part === "string" && part !== "",
    );
    return { code: Number.isInteger(code) ? code : undefined, text: parts.join(": ") };
  } catch {
    return null;
  }
}

/** Maps a failed answer to a ProviderError that says whether coming back later can help. */
export function directError(status: number, headers: Headers, body: string): ProviderError {
  const error = readError(body);
  const code = error?.code;
  const queueLimit =
    status === 400 && (code === QUEUE_LIMIT_CODE || QUEUE_LIMIT_TEXT.test(error?.text ?? ""));
  const permanent =
    code !== undefined && PERMANENT_CODES.has(code)
      ? true
      : (code !== undefined && TRANSIENT_CODES.has(code)) || queueLimit
        ? false
        : !(status >= 500 || status === 429);
  const retryIn = headers.get("retryin");
  const what = queueLimit ? "the offline report queue is full" : `error ${code ?? `HTTP ${status}`}`;
  return new ProviderError(
    PROVIDER,
    `Yandex Direct: ${what}${error?.text ? ` (${error.text})` : ""}${code === undefined ? "" : ` [${code}]`}`,
    {
      status,
      code: code ?? (queueLimit ? QUEUE_LIMIT_CODE : undefined),
      permanent,
      ...(!permanent && retryIn !== null && { retryAfterMs: retryInMs(headers) }),
    },
  );
}

/** The report request body; the ReportName hashes everything else, so it changes only with the request. */
export function campaignReportBody(from: string, to: string) {
  const params = {
    SelectionCriteria: { DateFrom: from, DateTo: to },
    FieldNames: [...CAMPAIGN_FIELDS],
    OrderBy: [{ Field: "Date" }, { Field: "CampaignId" }],
    ReportType: "CAMPAIGN_PERFORMANCE_REPORT",
    DateRangeType: "CUSTOM_DATE",
    Format: "TSV",
    IncludeVAT: "YES",
  };
  const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 10);
  return { params: { ...params, ReportName: `flame-campaigns-${from}_${to}-${digest}` } };
}

export type DirectClient = ReturnType<typeof createDirectClient>;

export function createDirectClient(options: DirectOptions) {
  const url = `${options.baseUrl.replace(/\/+$/, "")}${REPORTS_PATH}`;
  const sleep = options.sleep ?? realSleep;
  const maxPolls = options.maxPolls ?? DEFAULT_MAX_POLLS;
  const stats = { requests: 0, polls: 0 };
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token}`,
    "content-type": "application/json; charset=utf-8",
    "accept-language": "ru",
    processingMode: "auto",
    returnMoneyInMicros: "true",
    skipReportHeader: "true",
    skipReportSummary: "true",
  };
  if (options.clientLogin) headers["client-login"] = options.clientLogin;

  /** CAMPAIGN_PERFORMANCE_REPORT for [from, to] (inclusive, YYYY-MM-DD), one row per day and campaign. */
  async function campaignReport(from: string, to: string): Promise<CampaignDay[]> {
    if (!DAY.test(from) || !DAY.test(to) || from > to) {
      throw new RangeError(`Not a date range: ${from} … ${to}`);
    }
    // One body for every poll: Direct matches a poll to its report by the identical request.
    const body = JSON.stringify(campaignReportBody(from, to));
    for (let poll = 0; ; poll += 1) {
      stats.requests += 1;
      const res = await providerRequest({
        provider: PROVIDER,
        url,
        method: "POST",
        headers,
        body,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      });
      if (res.status === 200) return parseCampaignTsv(res.text);
      if (res.status !== 201 && res.status !== 202) throw directError(res.status, res.headers, res.text);
      const wait = retryInMs(res.headers);
      if (poll >= maxPolls) {
        throw new ProviderError(PROVIDER, `Yandex Direct: the report was not ready after ${poll} polls`, {
          status: res.status,
          code: "report_not_ready",
          permanent: false,
          retryAfterMs: wait,
        });
      }
      await sleep(wait);
      stats.polls += 1;
    }
  }

  return { campaignReport, stats };
}
