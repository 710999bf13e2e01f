// Reads the TSV body of Direct's CAMPAIGN_PERFORMANCE_REPORT (PROTOCOLS.md §5): an optional title line,
// the column header (required: it is how we know Direct sent the columns we asked for, in our order),
// data rows, and an optional "Total rows: N" line. Empty values print as `--`. Money comes in micros
// (returnMoneyInMicros: true) and is converted to kopecks with integer arithmetic, never floats.

/** The report did not have the shape we asked for: other columns, a bad number, a ragged row. */
export class ReportFormatError extends Error {
  override name = "ReportFormatError";
}

export interface CampaignDay {
  /** YYYY-MM-DD, the advertiser's day. */
  date: string;
  campaignId: string;
  campaignName: string;
  impressions: number;
  clicks: number;
  /** Kopecks, VAT included: micros / 10 000, rounded half up. */
  costMinor: number;
}

/** The columns we request, in the order Direct must print them. */
export const CAMPAIGN_FIELDS = [
  "Date",
  "CampaignId",
  "CampaignName",
  "Impressions",
  "Clicks",
  "Cost",
] as const;

/** How Direct prints an empty value. [unconfirmed: PROTOCOLS.md recalls it from memory] */
const EMPTY = "--";
const SUMMARY = /^Total rows: (\d+)$/;
const MICROS_PER_KOPECK = 10_000n;

/** Parses a report requested with the six CAMPAIGN_FIELDS and money in micros. */
export function parseCampaignTsv(text: string): CampaignDay[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  let at = 0;
  // The title (`"name (from - to)"`) is there unless skipReportHeader was honoured; tolerate it.
  if (lines[0]?.startsWith('"') && !lines[0].includes("\t")) at = 1;
  const header = lines[at];
  if (header === undefined) throw new ReportFormatError("The report is empty: no column header");
  const columns = header.split("\t");
  if (columns.join("\t") !== CAMPAIGN_FIELDS.join("\t")) {
    throw new ReportFormatError(
      `Unexpected report columns: got [${columns.join(", ")}], expected [${CAMPAIGN_FIELDS.join(", ")}]`,
    );
  }
  let body = lines.slice(at + 1);
  const summary = SUMMARY.exec(body.at(-1) ?? "");
  if (summary) {
    body = body.slice(0, -1);
    if (Number(summary[1]) !== body.length) {
      throw new ReportFormatError(`The report says ${summary[1]} rows but has ${body.length}`);
    }
  }
  return body.map((line, i) => parseRow(line, at + 2 + i));
}

function parseRow(line: string, lineNo: number): CampaignDay {
  const cells = line.split("\t");
  if (cells.length !== CAMPAIGN_FIELDS.length) {
    throw new ReportFormatError(
      `Line ${lineNo} has ${cells.length} columns, expected ${CAMPAIGN_FIELDS.length}: ${JSON.stringify(line)}`,
    );
  }
  const [date, campaignId, name, impressions, clicks, cost] = cells as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const bad = (column: string, value: string) =>
    new ReportFormatError(`Line ${lineNo}: ${column} is not valid: ${JSON.stringify(value)}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw bad("Date", date);
  if (!/^\d+$/.test(campaignId)) throw bad("CampaignId", campaignId);
  const count = (column: string, value: string) => {
    if (value === EMPTY) return 0;
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n)) throw bad(column, value);
    return n;
  };
  return {
    date,
    campaignId,
    campaignName: name === EMPTY ? "" : name,
    impressions: count("Impressions", impressions),
    clicks: count("Clicks", clicks),
    costMinor: cost === EMPTY ? 0 : kopecksOfMicros(cost, () => bad("Cost", cost)),
  };
}

/** `1234565000` micros → 123457 kopecks (half up); exact for any length, as the division is on BigInt. */
function kopecksOfMicros(micros: string, bad: () => ReportFormatError): number {
  if (!/^\d+$/.test(micros)) throw bad();
  const kopecks = (BigInt(micros) + MICROS_PER_KOPECK / 2n) / MICROS_PER_KOPECK;
  if (kopecks > BigInt(Number.MAX_SAFE_INTEGER)) throw bad();
  return Number(kopecks);
}
