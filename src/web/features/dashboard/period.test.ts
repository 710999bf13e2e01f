import { describe, expect, it } from "vitest";
import { presetPeriod, resolvePeriod, todayIn, ymd } from "./period.ts";

describe("dashboard period", () => {
  const today = new Date(2026, 10, 25, 23, 30); // 25 November 2026, late evening

  it("writes local calendar dates", () => {
    expect(ymd(new Date(2026, 0, 5, 0, 10))).toBe("2026-01-05");
  });

  it("computes the presets from today", () => {
    expect(presetPeriod("month", today)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetPeriod("quarter", today)).toEqual({ from: "2026-09-01", to: "2026-11-30" });
    expect(presetPeriod("year", today)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });

  it("crosses the year boundary and handles short months", () => {
    const feb = new Date(2028, 1, 10);
    expect(presetPeriod("month", feb)).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(presetPeriod("quarter", new Date(2027, 0, 15))).toEqual({ from: "2026-11-01", to: "2027-01-31" });
  });

  it("uses the picked dates, leaving a missing end open and ordering a reversed range", () => {
    expect(resolvePeriod("month", [null, null], today)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(resolvePeriod("custom", ["2026-03-01", "2026-03-31"], today)).toEqual({
      from: "2026-03-01",
      to: "2026-03-31",
    });
    expect(resolvePeriod("custom", ["2026-03-01", null], today)).toEqual({ from: "2026-03-01" });
    expect(resolvePeriod("custom", [null, null], today)).toEqual({});
    expect(resolvePeriod("custom", ["2026-05-01", "2026-03-01"], today)).toEqual({
      from: "2026-03-01",
      to: "2026-05-01",
    });
  });

  it("counts today in the workspace's time zone, not the browser's", () => {
    // 22:30 UTC on 31 October is already 1 November in Moscow (UTC+3), still 31 October in New York.
    const instant = new Date("2026-10-31T22:30:00Z");
    expect(ymd(todayIn("Europe/Moscow", instant))).toBe("2026-11-01");
    expect(ymd(todayIn("America/New_York", instant))).toBe("2026-10-31");
    expect(presetPeriod("month", todayIn("Europe/Moscow", instant))).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
    });
  });
});
