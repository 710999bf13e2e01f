// Proves the Direct fake behaves like PROTOCOLS.md §5 says the Reports service does, over real HTTP.
import { afterEach, describe, expect, it } from "vitest";
import { type DirectFake, type DirectFakeOptions, startDirectFake } from "./yandex-direct.ts";

const fakes: DirectFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function start(options: DirectFakeOptions = {}) {
  const fake = await startDirectFake(options);
  fakes.push(fake);
  fake.setSpend([
    { date: "2024-05-31", campaignId: "81234567", campaignName: "Поиск", impressions: 3, clicks: 1, cost: 5 },
    {
      date: "2024-06-01",
      campaignId: "81234567",
      campaignName: "Поиск — Москва — диваны",
      impressions: 1520,
      clicks: 48,
      cost: 1234.56,
    },
    {
      date: "2024-06-01",
      campaignId: "81234568",
      campaignName: "",
      impressions: 9870,
      clicks: 31,
      cost: 455.1,
    },
  ]);
  return fake;
}

const params = (name = "crm-costs", overrides: Record<string, unknown> = {}) => ({
  params: {
    SelectionCriteria: { DateFrom: "2024-06-01", DateTo: "2024-06-07" },
    FieldNames: ["Date", "CampaignId", "CampaignName", "Impressions", "Clicks", "Cost"],
    ReportName: name,
    ReportType: "CAMPAIGN_PERFORMANCE_REPORT",
    DateRangeType: "CUSTOM_DATE",
    Format: "TSV",
    IncludeVAT: "YES",
    ...overrides,
  },
});

async function report(
  fake: DirectFake,
  body: unknown = params(),
  headers: Record<string, string> = {},
  token = "y0_test",
) {
  const res = await fetch(`${fake.url}/json/v5/reports`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const error = res.headers.get("content-type")?.startsWith("application/json")
    ? (JSON.parse(text) as { error: { request_id: string; error_code: number; error_detail: string } }).error
    : undefined;
  return { status: res.status, headers: res.headers, text, error };
}

/** Sends the same request until the report is ready; returns its body. */
async function ready(fake: DirectFake, body: unknown = params(), headers: Record<string, string> = {}) {
  for (;;) {
    const res = await report(fake, body, headers);
    if (res.status === 200) return res.text;
    expect([201, 202]).toContain(res.status);
  }
}

describe("the Yandex Direct fake", () => {
  it("queues a report: 201 with retryIn and reportsInQueue, 202, then 200, each with a RequestId", async () => {
    const fake = await start({ retryIn: 3 });
    const first = await report(fake);
    expect(first.status).toBe(201);
    expect(first.headers.get("retryIn")).toBe("3");
    expect(first.headers.get("reportsInQueue")).toBe("1");
    const second = await report(fake);
    expect(second.status).toBe(202);
    expect(second.headers.get("retryIn")).toBe("3");
    const third = await report(fake);
    expect(third.status).toBe(200);
    const ids = [first, second, third].map((r) => r.headers.get("RequestId"));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(fake.requests.map((r) => r.status)).toEqual([201, 202, 200]);
  });

  it("answers the default TSV: title, columns, rows in range, `--`, micros and the summary", async () => {
    const fake = await start();
    expect(await ready(fake)).toBe(
      [
        '"crm-costs (2024-06-01 - 2024-06-07)"',
        "Date\tCampaignId\tCampaignName\tImpressions\tClicks\tCost",
        "2024-06-01\t81234567\tПоиск — Москва — диваны\t1520\t48\t1234560000",
        "2024-06-01\t81234568\t--\t9870\t31\t455100000",
        "Total rows: 2",
        "",
      ].join("\n"),
    );
  });

  it("honours the skip headers and returnMoneyInMicros: false", async () => {
    const fake = await start();
    const text = await ready(fake, params(), {
      skipReportHeader: "true",
      skipColumnHeader: "true",
      skipReportSummary: "true",
      returnMoneyInMicros: "false",
    });
    expect(text).toBe(
      "2024-06-01\t81234567\tПоиск — Москва — диваны\t1520\t48\t1234.56\n2024-06-01\t81234568\t--\t9870\t31\t455.10\n",
    );
  });

  it("refuses a bad or missing token with error 53 and the request id in body and header", async () => {
    const fake = await start();
    for (const token of ["y0_wrong", ""]) {
      const res = await report(fake, params(), {}, token);
      expect(res.status).toBe(400);
      expect(res.error?.error_code).toBe(53);
      expect(res.error?.request_id).toBe(res.headers.get("RequestId"));
    }
    // The word Bearer is required.
    const res = await fetch(`${fake.url}/json/v5/reports`, {
      method: "POST",
      headers: { authorization: "y0_test" },
      body: JSON.stringify(params()),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { error_code: number } }).error.error_code).toBe(53);
  });

  it("checks Client-Login when told the advertisers (54 otherwise)", async () => {
    const fake = await start({ clientLogins: ["flame-shop"] });
    expect((await report(fake, params(), { "Client-Login": "stranger" })).error?.error_code).toBe(54);
    expect((await report(fake, params(), { "Client-Login": "flame-shop" })).status).toBe(201);
  });

  it("refuses another request under a known ReportName, and invalid requests, with 8000", async () => {
    const fake = await start();
    expect((await report(fake)).status).toBe(201);
    const other = await report(
      fake,
      params("crm-costs", { SelectionCriteria: { DateFrom: "2024-06-02", DateTo: "2024-06-07" } }),
    );
    expect(other.status).toBe(400);
    expect(other.error?.error_code).toBe(8000);
    expect(other.error?.error_detail).toMatch(/other parameters/);
    const missing = await report(fake, params("x", { Format: undefined }));
    expect(missing.error?.error_code).toBe(8000);
  });

  it("caps the offline queue, and frees a place once a report is delivered", async () => {
    const fake = await start({ queueLimit: 2 });
    expect((await report(fake, params("a"))).status).toBe(201);
    expect((await report(fake, params("b"))).headers.get("reportsInQueue")).toBe("2");
    const full = await report(fake, params("c"));
    expect(full.status).toBe(400);
    expect(full.error?.error_code).toBe(9000);
    await ready(fake, params("a"));
    expect((await report(fake, params("c"))).status).toBe(201);
    // A polled report already in the queue is not refused.
    expect((await report(fake, params("b"))).status).toBe(202);
  });

  it("builds an online report at once", async () => {
    const fake = await start();
    const res = await report(fake, params(), { processingMode: "online" });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Total rows: 2");
  });

  it("fails the next requests with the code and status asked for", async () => {
    const fake = await start();
    fake.failNext({ code: 1000, times: 2 });
    fake.failNext({ code: 152, status: 403 });
    const answers = [await report(fake), await report(fake), await report(fake), await report(fake)];
    expect(answers.map((a) => [a.status, a.error?.error_code])).toEqual([
      [500, 1000],
      [500, 1000],
      [403, 152],
      [201, undefined],
    ]);
  });

  it("answers other column names once when asked", async () => {
    const fake = await start();
    fake.wrongColumnsNext(["Date", "CampaignId", "Conversions"]);
    const text = await ready(fake, params(), { skipReportHeader: "true", skipReportSummary: "true" });
    expect(text.split("\n").slice(0, 2)).toEqual([
      "Date\tCampaignId\tConversions",
      "2024-06-01\t81234567\t--",
    ]);
    const again = await report(fake, params(), { skipReportHeader: "true" });
    expect(again.text.split("\n")[0]).toBe("Date\tCampaignId\tCampaignName\tImpressions\tClicks\tCost");
  });

  it("filters by campaign and sums rows of the same day and campaign", async () => {
    const fake = await start();
    fake.setSpend([
      { date: "2024-06-01", campaignId: "1", campaignName: "A", impressions: 1, clicks: 1, cost: 0.1 },
      { date: "2024-06-01", campaignId: "1", campaignName: "A", impressions: 2, clicks: 0, cost: 0.2 },
      { date: "2024-06-01", campaignId: "2", campaignName: "B", impressions: 9, clicks: 9, cost: 9 },
    ]);
    const body = params("filtered", {
      SelectionCriteria: {
        DateFrom: "2024-06-01",
        DateTo: "2024-06-01",
        Filter: [{ Field: "CampaignId", Operator: "IN", Values: ["1"] }],
      },
    });
    const text = await ready(fake, body, { skipReportHeader: "true", skipColumnHeader: "true" });
    expect(text).toBe("2024-06-01\t1\tA\t3\t1\t300000\nTotal rows: 1\n");
  });
});
