// The MoySklad client against the fake over HTTP: gzip, 429s waited out for X-Lognex-Retry-After,
// 5xx retried, other 4xx not (a repeated failing request can get an account banned), at most 5 in
// flight; and Moscow time read and written exactly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MoySkladFake, startMoySkladFake } from "../../../../../test/fakes/moysklad.ts";
import { createMoySkladClient, formatMoscowTime, parseMoscowTime } from "./client.ts";

describe("the MoySklad client", () => {
  let fake: MoySkladFake;
  beforeAll(async () => {
    fake = await startMoySkladFake({ rateLimit: { requests: 4, windowMs: 400 } });
  });
  afterAll(async () => fake?.close());

  const client = () =>
    createMoySkladClient({ baseUrl: fake.baseUrl, auth: { token: fake.token }, backoffMs: 10 });

  it("waits out the rate limit and never has more than 5 requests in flight", async () => {
    for (let i = 0; i < 3; i++) fake.addCounterparty({ name: `Фирма ${i}` });
    const before = { ...fake.stats };
    fake.stats.maxParallelSeen = 0;
    const c = client();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => c.list("/entity/counterparty", { limit: 1 })),
    );
    expect(answers.every((a) => a.rows.length === 1)).toBe(true);
    expect(fake.stats.maxParallelSeen).toBeLessThanOrEqual(5);
    expect(fake.stats.parallelLimited).toBe(before.parallelLimited);
    // 20 requests through a window of 4: the client paused (and any 429 was waited out, not failed).
    expect(c.stats.requests).toBeGreaterThanOrEqual(20);
  });

  it("retries a 5xx, and does not retry a 4xx", async () => {
    const c = client();
    fake.failNext({ status: 503, path: "/entity/store", times: 2 });
    expect((await c.list("/entity/store", { order: undefined })).rows.length).toBeGreaterThan(0);
    expect(c.stats.retries).toBe(2);
    const sent = fake.requests.length;
    await expect(c.get("/entity/counterparty/00000000-0000-0000-0000-000000000000")).rejects.toMatchObject({
      status: 404,
      permanent: true,
    });
    expect(fake.requests.length - sent).toBe(1);
  });

  it("reads and writes Moscow time (UTC+3, no zone)", () => {
    expect(parseMoscowTime("2024-06-01 12:30:05.123").toISOString()).toBe("2024-06-01T09:30:05.123Z");
    expect(parseMoscowTime("2024-01-01 00:00:00").toISOString()).toBe("2023-12-31T21:00:00.000Z");
    expect(formatMoscowTime(new Date("2024-06-01T21:00:00.5Z"))).toBe("2024-06-02 00:00:00.500");
    expect(() => parseMoscowTime("2024-06-01T12:30:05Z")).toThrow(/Not a MoySklad time/);
  });
});
