// The campaign report TSV: the PROTOCOLS.md §5 example, `--` for empty values, kopecks exact from micros,
// and a ReportFormatError for anything that is not the shape we asked for.
import { describe, expect, it } from "vitest";
import { parseCampaignTsv, ReportFormatError } from "./tsv.ts";

const HEADER = "Date\tCampaignId\tCampaignName\tImpressions\tClicks\tCost";

describe("parseCampaignTsv", () => {
  it("reads the PROTOCOLS example, title and summary included", () => {
    const text = [
      '"crm-costs-2024-06-01_2024-06-07 (2024-06-01 - 2024-06-07)"',
      HEADER,
      "2024-06-01\t81234567\tПоиск — Москва — диваны\t1520\t48\t1234560000",
      "2024-06-01\t81234568\tРСЯ — ретаргетинг\t9870\t31\t455100000",
      "Total rows: 2",
      "",
    ].join("\n");
    expect(parseCampaignTsv(text)).toEqual([
      {
        date: "2024-06-01",
        campaignId: "81234567",
        campaignName: "Поиск — Москва — диваны",
        impressions: 1520,
        clicks: 48,
        costMinor: 123456,
      },
      {
        date: "2024-06-01",
        campaignId: "81234568",
        campaignName: "РСЯ — ретаргетинг",
        impressions: 9870,
        clicks: 31,
        costMinor: 45510,
      },
    ]);
  });

  it("reads the skip-header answer the client asks for, with \\r\\n and no summary", () => {
    const text = `${HEADER}\r\n2024-06-02\t1\tA\t10\t1\t5000\r\n2024-06-02\t2\tB\t10\t1\t4999\r\n`;
    const rows = parseCampaignTsv(text);
    // 5000 micros is half a kopeck: rounded up; 4999 is under half: rounded down.
    expect(rows.map((r) => r.costMinor)).toEqual([1, 0]);
    expect(parseCampaignTsv(`${HEADER}\n`)).toEqual([]);
    expect(parseCampaignTsv(`${HEADER}\nTotal rows: 0\n`)).toEqual([]);
  });

  it("converts micros to kopecks exactly, beyond float precision", () => {
    const [row] = parseCampaignTsv(`${HEADER}\n2024-06-01\t1\tA\t0\t0\t90071992547409905000\n`);
    expect(row?.costMinor).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseCampaignTsv(`${HEADER}\n2024-06-01\t1\tA\t0\t0\t${"9".repeat(30)}\n`)).toThrow(
      ReportFormatError,
    );
  });

  it("reads -- as empty: 0 for numbers, an empty name", () => {
    const [row] = parseCampaignTsv(`${HEADER}\n2024-06-03\t81234567\t--\t--\t--\t--\n`);
    expect(row).toEqual({
      date: "2024-06-03",
      campaignId: "81234567",
      campaignName: "",
      impressions: 0,
      clicks: 0,
      costMinor: 0,
    });
  });

  it("refuses other columns or another order, naming what came", () => {
    const reordered = "CampaignId\tDate\tCampaignName\tImpressions\tClicks\tCost";
    expect(() => parseCampaignTsv(`${reordered}\n`)).toThrow(/got \[CampaignId, Date, CampaignName/);
    expect(() => parseCampaignTsv("Date\tCampaignId\tCampaignName\tImpressions\tClicks\n")).toThrow(
      ReportFormatError,
    );
    // A body without the column header (skipColumnHeader sent by mistake) is refused, not misread.
    expect(() => parseCampaignTsv("2024-06-01\t1\tA\t1\t1\t10000\n")).toThrow(/Unexpected report columns/);
    expect(() => parseCampaignTsv("")).toThrow(/no column header/);
  });

  it("checks the summary when it is there", () => {
    const text = `${HEADER}\n2024-06-01\t1\tA\t1\t1\t10000\nTotal rows: 3\n`;
    expect(() => parseCampaignTsv(text)).toThrow(/says 3 rows but has 1/);
  });

  it("refuses bad numbers, dates, ids and ragged rows with the line", () => {
    const bad = (row: string) => () => parseCampaignTsv(`${HEADER}\n${row}\n`);
    expect(bad("2024-06-01\t1\tA\t1.5\t1\t10000")).toThrow(/Line 2: Impressions/);
    expect(bad("2024-06-01\t1\tA\t1\t-1\t10000")).toThrow(/Clicks/);
    expect(bad("2024-06-01\t1\tA\t1\t1\t1234.56")).toThrow(/Cost/);
    expect(bad("2024-06-01\t1\tA\t1\t1\t")).toThrow(/Cost/);
    expect(bad("01.06.2024\t1\tA\t1\t1\t10000")).toThrow(/Date/);
    expect(bad("2024-06-01\t--\tA\t1\t1\t10000")).toThrow(/CampaignId/);
    expect(bad("2024-06-01\t1\tA\t1\t1")).toThrow(/Line 2 has 5 columns/);
    expect(bad("2024-06-01\t1\tA\tB\t1\t1\t10000")).toThrow(ReportFormatError);
  });
});
