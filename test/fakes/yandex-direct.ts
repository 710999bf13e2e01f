// A fake Yandex Direct API v5 Reports service on 127.0.0.1 that follows PROTOCOLS.md §5: `POST
// /json/v5/reports` with a Bearer token, the offline flow (the first request of a ReportName answers 201
// with retryIn and reportsInQueue, the next identical one 202, then 200 with the TSV), a queue capped at
// `queueLimit` reports, the skip* and returnMoneyInMicros headers, `--` for empty values, and Direct's JSON
// error envelope with a RequestId header on every answer.
//
// Statuses: Direct's reports docs list only 200/201/202/400/500/502, so every request error (a bad token
// 53, no rights 54, an invalid request 8000, the queue limit) is 400, and server errors (52, 1000–1004)
// are 500. [unconfirmed: the status of 53 in real life; the client maps by error_code, not status]
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface DirectFakeOptions {
  /** Valid OAuth tokens; default ["y0_test"]. */
  tokens?: string[];
  /** Offline reports allowed in the queue at once (Direct: 5); one more is refused with 400. */
  queueLimit?: number;
  /** Seconds sent in `retryIn` (default 1). */
  retryIn?: number;
  /** When set, a Client-Login outside this list gets error 54 (no rights). Default: any login. */
  clientLogins?: string[];
}

export interface DirectSpendRow {
  date: string;
  campaignId: string;
  campaignName: string;
  impressions: number;
  clicks: number;
  /** Roubles with 2 decimals. */
  cost: number;
}

export interface DirectFakeRequest {
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** The status answered; 0 while the request is in progress. */
  status: number;
}

/** The queue-limit error the fake sends. [unconfirmed: Direct documents no code for it] */
export const QUEUE_LIMIT_ERROR = {
  code: 9000,
  string: "Offline report queue limit exceeded",
  detail: "Too many reports in the offline queue; wait for the ones queued to be built",
};

const ERROR_STRINGS: Record<number, string> = {
  52: "Authorization server temporarily unavailable",
  53: "Authorization error",
  54: "No rights",
  58: "Incomplete registration",
  152: "Not enough units",
  506: "Too many concurrent connections",
  1000: "Server temporarily unavailable",
  1001: "Service initialization error",
  1002: "Operation error",
  1003: "Couldn't create a Yandex user account",
  1004: "Couldn't create client",
  8000: "Invalid request",
  [QUEUE_LIMIT_ERROR.code]: QUEUE_LIMIT_ERROR.string,
};
const SERVER_ERROR_CODES = new Set([52, 1000, 1001, 1002, 1003, 1004]);
/** The fields the fake can report, and whether each is a dimension (grouped by) or a summed metric. */
const FIELDS = {
  Date: "dimension",
  CampaignId: "dimension",
  CampaignName: "dimension",
  Impressions: "metric",
  Clicks: "metric",
  Cost: "metric",
} as const;
type Field = keyof typeof FIELDS;
const REPORT_TYPES = new Set([
  "ACCOUNT_PERFORMANCE_REPORT",
  "CAMPAIGN_PERFORMANCE_REPORT",
  "ADGROUP_PERFORMANCE_REPORT",
  "AD_PERFORMANCE_REPORT",
  "CRITERIA_PERFORMANCE_REPORT",
  "CUSTOM_REPORT",
  "SEARCH_QUERY_PERFORMANCE_REPORT",
]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;
interface Report {
  /** The canonical request: a poll must repeat it exactly. */
  key: string;
  /** Answers given so far: 0 → 201, 1 → 202, then 200. */
  answers: number;
}
interface ReportParams {
  name: string;
  from: string;
  to: string;
  fields: Field[];
  campaignIds: string[] | null;
}

/** 400 for request errors, 500 for Direct's server errors (see the header comment). */
const statusOf = (code: number) => (SERVER_ERROR_CODES.has(code) ? 500 : 400);
const asObject = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
const isTrue = (value: string | undefined) => value?.toLowerCase() === "true";

/** Starts the fake; `url` is the base URL for the client's `baseUrl`. */
export async function startDirectFake(options: DirectFakeOptions = {}) {
  const tokens = new Set(options.tokens ?? ["y0_test"]);
  const queueLimit = options.queueLimit ?? 5;
  const retryIn = options.retryIn ?? 1;
  const requests: DirectFakeRequest[] = [];
  const reports = new Map<string, Report>();
  const failures: { code: number; status: number }[] = [];
  let spend: DirectSpendRow[] = [];
  let wrongColumns: string[] | null = null;

  function send(
    res: ServerResponse,
    record: DirectFakeRequest,
    status: number,
    body: string,
    headers: Record<string, string>,
  ) {
    record.status = status;
    res.writeHead(status, headers).end(body);
  }

  function fail(
    res: ServerResponse,
    record: DirectFakeRequest,
    requestId: string,
    code: number,
    detail = "",
  ) {
    failWith(res, record, requestId, code, statusOf(code), detail);
  }

  function failWith(
    res: ServerResponse,
    record: DirectFakeRequest,
    requestId: string,
    code: number,
    status: number,
    detail = "",
  ) {
    const body = {
      error: {
        request_id: requestId,
        error_code: code,
        error_string: ERROR_STRINGS[code] ?? "Error",
        error_detail: detail,
      },
    };
    send(res, record, status, JSON.stringify(body), {
      "content-type": "application/json; charset=utf-8",
      RequestId: requestId,
    });
  }

  /** The report definition, or a reason it is invalid (error 8000). */
  function readParams(body: unknown): ReportParams | string {
    const params = asObject(asObject(body).params);
    const criteria = asObject(params.SelectionCriteria);
    const { ReportName: name, FieldNames: fields } = params;
    if (typeof name !== "string" || name === "") return "params.ReportName is required";
    if (typeof params.ReportType !== "string" || !REPORT_TYPES.has(params.ReportType)) {
      return "params.ReportType is required and must be a known report type";
    }
    if (params.Format !== "TSV") return "params.Format must be TSV";
    if (params.IncludeVAT !== "YES" && params.IncludeVAT !== "NO")
      return "params.IncludeVAT must be YES or NO";
    if (params.DateRangeType !== "CUSTOM_DATE") return "the fake supports only DateRangeType CUSTOM_DATE";
    const { DateFrom: from, DateTo: to } = criteria;
    if (typeof from !== "string" || !DAY.test(from) || typeof to !== "string" || !DAY.test(to)) {
      return "SelectionCriteria.DateFrom and DateTo are required with CUSTOM_DATE";
    }
    if (from > to) return "DateFrom is after DateTo";
    if (!Array.isArray(fields) || fields.length === 0) return "params.FieldNames is required";
    const unknown = fields.filter((f) => typeof f !== "string" || !(f in FIELDS));
    if (unknown.length > 0) return `FieldNames not supported by the fake: ${unknown.join(", ")}`;
    let campaignIds: string[] | null = null;
    for (const filter of Array.isArray(criteria.Filter) ? criteria.Filter.map(asObject) : []) {
      if (filter.Field !== "CampaignId" || !["IN", "EQUALS"].includes(String(filter.Operator))) {
        return "the fake filters only by CampaignId IN/EQUALS";
      }
      campaignIds = (Array.isArray(filter.Values) ? filter.Values : []).map(String);
    }
    return { name, from, to, fields: fields as Field[], campaignIds };
  }

  function buildTsv(params: ReportParams, headers: IncomingMessage["headers"]) {
    const micros = headers.returnmoneyinmicros?.toString().toLowerCase() !== "false";
    const columns = wrongColumns ?? params.fields;
    wrongColumns = null;
    const dimensions = params.fields.filter((f) => FIELDS[f] === "dimension");
    // Direct groups by the dimensions asked for and sums the metrics.
    const groups = new Map<
      string,
      { row: DirectSpendRow; impressions: number; clicks: number; kopecks: number }
    >();
    for (const row of spend) {
      if (row.date < params.from || row.date > params.to) continue;
      if (params.campaignIds && !params.campaignIds.includes(row.campaignId)) continue;
      const key = dimensions.map((f) => cell(row, f)).join("\t");
      const group = groups.get(key) ?? { row, impressions: 0, clicks: 0, kopecks: 0 };
      group.impressions += row.impressions;
      group.clicks += row.clicks;
      group.kopecks += Math.round(row.cost * 100);
      groups.set(key, group);
    }
    const money = (kopecks: number) =>
      micros ? (BigInt(kopecks) * 10_000n).toString() : (kopecks / 100).toFixed(2);
    const lines: string[] = [];
    if (!isTrue(headers.skipreportheader?.toString())) {
      lines.push(`"${params.name} (${params.from} - ${params.to})"`);
    }
    if (!isTrue(headers.skipcolumnheader?.toString())) lines.push(columns.join("\t"));
    const sorted = [...groups.values()].sort(
      (a, b) => a.row.date.localeCompare(b.row.date) || a.row.campaignId.localeCompare(b.row.campaignId),
    );
    for (const group of sorted) {
      const values: Record<string, string> = {
        Impressions: String(group.impressions),
        Clicks: String(group.clicks),
        Cost: money(group.kopecks),
      };
      lines.push(
        columns
          .map((column) =>
            column in FIELDS && FIELDS[column as Field] === "dimension"
              ? cell(group.row, column as Field)
              : (values[column] ?? "--"),
          )
          .join("\t"),
      );
    }
    if (!isTrue(headers.skipreportsummary?.toString())) lines.push(`Total rows: ${sorted.length}`);
    return `${lines.join("\n")}\n`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Kept as text; answered as an invalid request below.
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    );
    const record: DirectFakeRequest = { headers, body, status: 0 };
    requests.push(record);
    const requestId = randomUUID().replaceAll("-", "").slice(0, 19);

    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname !== "/json/v5/reports" || req.method !== "POST") {
      return failWith(res, record, requestId, 8000, 404, `no ${req.method} ${url.pathname} in the fake`);
    }
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1];
    if (token === undefined || !tokens.has(token)) {
      return fail(res, record, requestId, 53, "Invalid OAuth token");
    }
    const login = headers["client-login"];
    if (options.clientLogins && login !== undefined && !options.clientLogins.includes(login)) {
      return fail(res, record, requestId, 54, `No rights to the advertiser ${login}`);
    }
    const failure = failures.shift();
    if (failure) return failWith(res, record, requestId, failure.code, failure.status, "fake failure");

    if (typeof body === "string") return fail(res, record, requestId, 8000, "The body is not JSON");
    const params = readParams(body);
    if (typeof params === "string") return fail(res, record, requestId, 8000, params);
    const mode = (headers.processingmode ?? "auto").toLowerCase();
    if (!["auto", "online", "offline"].includes(mode)) {
      return fail(res, record, requestId, 8000, "processingMode must be auto, online or offline");
    }
    // Money headers change the answer, not the report: they are not part of the identity.
    const key = JSON.stringify(asObject(body).params);
    const report = reports.get(params.name);
    if (report && report.key !== key) {
      return fail(
        res,
        record,
        requestId,
        8000,
        `A report named ${params.name} was already requested with other parameters`,
      );
    }
    const tsv = { "content-type": "text/tab-separated-values; charset=utf-8", RequestId: requestId };
    // The fake builds online reports at once; auto and offline go through the queue.
    if (mode === "online" && !report) return send(res, record, 200, buildTsv(params, req.headers), tsv);
    if (!report) {
      if (inQueue() >= queueLimit) {
        return fail(res, record, requestId, QUEUE_LIMIT_ERROR.code, QUEUE_LIMIT_ERROR.detail);
      }
      reports.set(params.name, { key, answers: 1 });
      return send(res, record, 201, "", {
        RequestId: requestId,
        retryIn: String(retryIn),
        reportsInQueue: String(inQueue()),
      });
    }
    report.answers += 1;
    if (report.answers === 2) {
      return send(res, record, 202, "", { RequestId: requestId, retryIn: String(retryIn) });
    }
    return send(res, record, 200, buildTsv(params, req.headers), tsv);
  }

  /** Offline reports queued or being built (not yet delivered once). */
  const inQueue = () => [...reports.values()].filter((r) => r.answers < 3).length;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Every request: headers, body and the status answered. */
    requests,
    /** Rows of spend the reports draw from (replaces the previous ones). */
    setSpend(rows: DirectSpendRow[]) {
      spend = rows.map((row) => ({ ...row }));
    },
    /** The next report request(s) fail with this Direct error code and HTTP status (default by code). */
    failNext(failure: { code: number; status?: number; times?: number }) {
      const status = failure.status ?? statusOf(failure.code);
      for (let i = 0; i < (failure.times ?? 1); i++) failures.push({ code: failure.code, status });
    },
    /** The next TSV answered names these columns instead (rows follow them, `--` for unknown ones). */
    wrongColumnsNext(columns: string[]) {
      wrongColumns = [...columns];
    },
    /** Offline reports now waiting in the queue. */
    queued: inQueue,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A dimension as Direct prints it, `--` for an empty name. */
function cell(row: DirectSpendRow, field: Field): string {
  switch (field) {
    case "Date":
      return row.date;
    case "CampaignId":
      return row.campaignId;
    case "CampaignName":
      return row.campaignName === "" ? "--" : row.campaignName;
    case "Impressions":
      return String(row.impressions);
    case "Clicks":
      return String(row.clicks);
    case "Cost":
      return String(row.cost);
  }
}

export type DirectFake = Awaited<ReturnType<typeof startDirectFake>>;
