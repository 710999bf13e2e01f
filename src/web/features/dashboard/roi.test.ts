import { describe, expect, it } from "vitest";
import {
  isRoiEmpty,
  type RoiReport,
  roiBars,
  roiCsvUrl,
  roiPeriod,
  roiQuery,
  roiRowName,
  romiColor,
} from "./roi.ts";

const figures = {
  spendMinor: 0,
  impressions: 0,
  clicks: 0,
  leads: 0,
  deals: 0,
  won: 0,
  revenueMinor: 0,
  cplMinor: null,
  cacMinor: null,
  romi: null,
};
const report = (items: RoiReport["items"]): RoiReport => ({
  groupBy: "campaign",
  currency: "RUB",
  period: { from: "2026-11-01", to: "2026-11-30", timezone: "Europe/Moscow" },
  items,
  totals: {
    ...figures,
    spendMinor: items.reduce((n, i) => n + i.spendMinor, 0),
    leads: items.reduce((n, i) => n + i.leads, 0),
    deals: items.reduce((n, i) => n + i.deals, 0),
  },
});

describe("the ROI period", () => {
  const today = new Date(2026, 10, 26, 2, 10);

  it("is this month from its first to its last day, or the last 30 days up to today", () => {
    expect(roiPeriod("month", [null, null], today)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(roiPeriod("last30", [null, null], today)).toEqual({ from: "2026-10-28", to: "2026-11-26" });
  });

  it("needs both ends of a picked range, in either order", () => {
    expect(roiPeriod("custom", ["2026-11-10", null], today)).toBeNull();
    expect(roiPeriod("custom", ["2026-11-20", "2026-11-10"], today)).toEqual({
      from: "2026-11-10",
      to: "2026-11-20",
    });
  });

  it("asks the JSON and the CSV with the same query", () => {
    const q = roiQuery({ from: "2026-11-01", to: "2026-11-30" }, "campaign", "pl_1");
    expect(q).toEqual({ from: "2026-11-01", to: "2026-11-30", groupBy: "campaign", pipelineId: "pl_1" });
    expect(roiCsvUrl(q)).toBe(
      "/api/analytics/roi.csv?from=2026-11-01&to=2026-11-30&groupBy=campaign&pipelineId=pl_1",
    );
    expect(roiCsvUrl(roiQuery({ from: "2026-11-01", to: "2026-11-30" }, "source", null))).toBe(
      "/api/analytics/roi.csv?from=2026-11-01&to=2026-11-30&groupBy=source",
    );
  });
});

describe("the ROI rows", () => {
  const direct = {
    ...figures,
    key: "yandex_direct:1",
    name: "Диваны",
    spendMinor: 1_000_000,
    revenueMinor: 2_500_000,
  };
  const idle = { ...figures, key: "yandex_direct:2", name: "Кресла", leads: 1 };
  const none = { ...figures, key: null, name: "—", revenueMinor: 500_000, deals: 1 };

  it("draws spend against revenue, without rows that have neither, the '—' row named", () => {
    expect(roiBars(report([direct, idle, none]), "Не из кампаний")).toEqual([
      { name: "Диваны", spendMinor: 1_000_000, revenueMinor: 2_500_000 },
      { name: "Не из кампаний", spendMinor: 0, revenueMinor: 500_000 },
    ]);
    expect(roiRowName(direct, "x")).toBe("Диваны");
  });

  it("is empty without spend, leads or deals", () => {
    expect(isRoiEmpty(report([]))).toBe(true);
    expect(isRoiEmpty(report([direct]))).toBe(false);
  });

  it("colours ROMI by whether the advertising paid back", () => {
    expect(romiColor(150)).toBe("teal");
    expect(romiColor(0)).toBe("teal");
    expect(romiColor(-20.5)).toBe("red");
    expect(romiColor(null)).toBeUndefined();
  });
});
