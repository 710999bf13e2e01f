// The Direct Reports client against the fake over HTTP: the 201 → 202 → 200 polling loop re-sending the
// identical request, money exact in kopecks, the headers Direct needs, and errors mapped to whether
// coming back later can help.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DirectFake, startDirectFake } from "../../../../../test/fakes/yandex-direct.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { createDirectClient, type DirectOptions, directError, ReportFormatError } from "./client.ts";

let fake: DirectFake;
beforeEach(async () => {
  fake = await startDirectFake();
  fake.setSpend([
    {
      date: "2024-05-31",
      campaignId: "81234567",
      campaignName: "Поиск",
      impressions: 1,
      clicks: 1,
      cost: 1,
    },
    {
      date: "2024-06-01",
      campaignId: "81234567",
      campaignName: "Поиск — Москва — диваны",
      impressions: 1520,
      clicks: 48,
      cost: 123456,
    },
    {
      date: "2024-06-01",
      campaignId: "81234568",
      campaignName: "",
      impressions: 9870,
      clicks: 31,
      cost: 4551,
    },
    {
      date: "2024-06-07",
      campaignId: "81234568",
      campaignName: "РСЯ — ретаргетинг",
      impressions: 5,
      clicks: 0,
      cost: 0.07,
    },
    {
      date: "2024-06-08",
      campaignId: "81234568",
      campaignName: "РСЯ — ретаргетинг",
      impressions: 5,
      clicks: 0,
      cost: 9,
    },
  ]);
});
afterEach(async () => fake?.close());

function client(options: Partial<DirectOptions> = {}) {
  const sleeps: number[] = [];
  const c = createDirectClient({
    baseUrl: fake.url,
    token: "y0_test",
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });
  return Object.assign(c, { sleeps });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe("the Yandex Direct Reports client", () => {
  it("polls 201 → 202 → 200 with the identical request and reads the days in range", async () => {
    const c = client({ clientLogin: "flame-shop" });
    const rows = await c.campaignReport("2024-06-01", "2024-06-07");
    expect(rows).toEqual([
      {
        date: "2024-06-01",
        campaignId: "81234567",
        campaignName: "Поиск — Москва — диваны",
        impressions: 1520,
        clicks: 48,
        costMinor: 12_345_600,
      },
      {
        date: "2024-06-01",
        campaignId: "81234568",
        campaignName: "",
        impressions: 9870,
        clicks: 31,
        costMinor: 455_100,
      },
      {
        date: "2024-06-07",
        campaignId: "81234568",
        campaignName: "РСЯ — ретаргетинг",
        impressions: 5,
        clicks: 0,
        costMinor: 7,
      },
    ]);
    expect(fake.requests.map((r) => r.status)).toEqual([201, 202, 200]);
    expect(c.stats).toEqual({ requests: 3, polls: 2 });
    // retryIn: 1 from the fake, waited through the injected sleep.
    expect(c.sleeps).toEqual([1000, 1000]);
    const [first] = fake.requests;
    expect(fake.requests.every((r) => JSON.stringify(r.body) === JSON.stringify(first?.body))).toBe(true);
    expect(first?.headers).toMatchObject({
      authorization: "Bearer y0_test",
      "client-login": "flame-shop",
      "accept-language": "ru",
      processingmode: "auto",
      returnmoneyinmicros: "true",
      skipreportheader: "true",
      skipreportsummary: "true",
    });
    expect(first?.headers.skipcolumnheader).toBeUndefined();
    expect(first?.body).toMatchObject({
      params: {
        SelectionCriteria: { DateFrom: "2024-06-01", DateTo: "2024-06-07" },
        FieldNames: ["Date", "CampaignId", "CampaignName", "Impressions", "Clicks", "Cost"],
        ReportType: "CAMPAIGN_PERFORMANCE_REPORT",
        DateRangeType: "CUSTOM_DATE",
        Format: "TSV",
        IncludeVAT: "YES",
      },
    });
  });

  it("names a report after its request: the same across runs, another for another period", async () => {
    const name = (r: { body: unknown }) => (r.body as { params: { ReportName: string } }).params.ReportName;
    await client().campaignReport("2024-06-01", "2024-06-07");
    await client().campaignReport("2024-06-01", "2024-06-07");
    await client().campaignReport("2024-06-01", "2024-06-02");
    const names = fake.requests.map(name);
    expect(new Set(names.slice(0, 4)).size).toBe(1);
    expect(names[3]).toMatch(/^flame-campaigns-2024-06-01_2024-06-07-/);
    // A second run asks for the report already built: Direct answers it at once.
    expect(fake.requests[3]?.status).toBe(200);
    expect(names[4]).not.toBe(names[0]);
  });

  it("converts micros to kopecks exactly", async () => {
    fake.setSpend([
      { date: "2024-06-01", campaignId: "1", campaignName: "A", impressions: 1, clicks: 1, cost: 1234.56 },
      { date: "2024-06-01", campaignId: "2", campaignName: "B", impressions: 1, clicks: 1, cost: 0.29 },
    ]);
    const rows = await client().campaignReport("2024-06-01", "2024-06-01");
    // 1234.56 ₽ is 1234560000 micros: 123456 kopecks, not 123455.99999.
    expect(rows.map((r) => r.costMinor)).toEqual([123456, 29]);
  });

  it("gives up after maxPolls with a retryable error", async () => {
    const c = client({ maxPolls: 1 });
    const err = await failure(c.campaignReport("2024-06-01", "2024-06-07"));
    expect(err.details).toMatchObject({
      status: 202,
      code: "report_not_ready",
      permanent: false,
      retryAfterMs: 1000,
    });
    expect(c.stats).toEqual({ requests: 2, polls: 1 });
    // The next run picks the same report up where it was.
    expect(await client().campaignReport("2024-06-01", "2024-06-07")).toHaveLength(3);
    expect(fake.requests.map((r) => r.status)).toEqual([201, 202, 200]);
  });

  it("maps a bad token (53) to a permanent error with Direct's message", async () => {
    const err = await failure(client({ token: "y0_revoked" }).campaignReport("2024-06-01", "2024-06-07"));
    expect(err.details).toMatchObject({ status: 400, code: 53, permanent: true });
    expect(err.message).toContain("Authorization error: Invalid OAuth token");
  });

  it("maps 54 and 58 to permanent errors", async () => {
    for (const code of [54, 58]) {
      fake.failNext({ code });
      const err = await failure(client().campaignReport("2024-06-01", "2024-06-07"));
      expect(err.details).toMatchObject({ code, permanent: true });
    }
  });

  it("maps 152, 506, 52 and 1000 to errors worth retrying later", async () => {
    for (const [code, status] of [
      [152, 400],
      [506, 400],
      [52, 500],
      [1000, 500],
    ] as const) {
      fake.failNext({ code });
      const err = await failure(client().campaignReport("2024-06-01", "2024-06-07"));
      expect(err.details).toMatchObject({ code, status, permanent: false });
    }
  });

  it("maps the offline queue limit to a retryable error, and another 400 to a permanent one", async () => {
    const small = await startDirectFake({ queueLimit: 1 });
    try {
      const c = createDirectClient({ baseUrl: small.url, token: "y0_test", maxPolls: 0 });
      // The first report stays in the queue (never polled to the end), so the second does not fit.
      await failure(c.campaignReport("2024-06-01", "2024-06-01"));
      const err = await failure(c.campaignReport("2024-06-02", "2024-06-02"));
      expect(err.details).toMatchObject({ status: 400, code: 9000, permanent: false });
      expect(err.message).toMatch(/queue is full/);
    } finally {
      await small.close();
    }
    fake.failNext({ code: 8000 });
    const err = await failure(client().campaignReport("2024-06-01", "2024-06-07"));
    expect(err.details).toMatchObject({ status: 400, code: 8000, permanent: true });
  });

  it("recognises the queue limit by its message when the code is another", () => {
    const body = JSON.stringify({
      error: {
        request_id: "1",
        error_code: "4000",
        error_string: "Превышен лимит",
        error_detail: "Превышено количество отчетов в очереди",
      },
    });
    expect(directError(400, new Headers({ retryIn: "30" }), body).details).toEqual({
      status: 400,
      code: 4000,
      permanent: false,
      retryAfterMs: 30_000,
    });
    expect(directError(502, new Headers(), "<html>").details).toMatchObject({
      status: 502,
      permanent: false,
    });
    expect(directError(500, new Headers(), "").details.permanent).toBe(false);
    expect(directError(404, new Headers(), "").details.permanent).toBe(true);
  });

  it("throws a ReportFormatError when Direct answers other columns", async () => {
    fake.wrongColumnsNext(["Date", "CampaignId", "CampaignName", "Impressions", "Clicks", "Conversions"]);
    await expect(client().campaignReport("2024-06-01", "2024-06-07")).rejects.toThrow(ReportFormatError);
  });

  it("refuses a period that is not one", async () => {
    await expect(client().campaignReport("2024-06-07", "2024-06-01")).rejects.toThrow(RangeError);
    await expect(client().campaignReport("01.06.2024", "2024-06-01")).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });
});
