import { describe, expect, it } from "vitest";
import type {
  FunnelReport,
  ManagersReport,
  RevenueReport,
  SourcesReport,
} from "../../../common/analytics.ts";
import {
  compactMoney,
  formatPercent,
  funnelRows,
  isFunnelEmpty,
  isManagersEmpty,
  isRevenueEmpty,
  moneyText,
  monthLabel,
  otherCurrencies,
  revenueRows,
  sourceSlices,
} from "./charts.ts";

const sp = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, " ");
const rub = (amountMinor: number) => ({ currency: "RUB", amountMinor });
const period = { from: null, to: null, timezone: "Europe/Moscow" };

describe("funnel", () => {
  const report: FunnelReport = {
    pipeline: { id: "p", name: "Продажи" },
    period,
    stages: [
      { stageId: "a", name: "Новая", kind: "open", reached: 200, current: 50, conversionPercent: null },
      { stageId: "b", name: "Переговоры", kind: "open", reached: 91, current: 40, conversionPercent: 45.5 },
      { stageId: "w", name: "Успешно", kind: "won", reached: 30, current: 30, conversionPercent: 33 },
      { stageId: "l", name: "Провал", kind: "lost", reached: 80, current: 80, conversionPercent: null },
    ],
    totals: { deals: 200, open: 90, won: 30, lost: 80, conversionPercent: 15, winRatePercent: 27.3 },
  };

  it("formats conversion as a percentage in the person's language", () => {
    expect(sp(formatPercent(45.5, "ru"))).toBe("45,5 %");
    expect(formatPercent(45.5, "en")).toBe("45.5%");
    expect(sp(formatPercent(100, "ru"))).toBe("100 %");
  });

  it("makes bars of the open stages and won, labelled with the count and the conversion", () => {
    const rows = funnelRows(report, "ru");
    expect(rows.map((r) => r.stage)).toEqual(["Новая", "Переговоры", "Успешно"]);
    expect(rows.map((r) => sp(r.label))).toEqual(["200", "91 · 45,5 %", "30 · 33 %"]);
    expect(rows.map((r) => r.color)).toEqual(["orange.6", "orange.6", "teal.6"]);
    expect(isFunnelEmpty(report)).toBe(false);
    expect(isFunnelEmpty({ ...report, totals: { ...report.totals, deals: 0 } })).toBe(true);
  });
});

describe("revenue", () => {
  const report: RevenueReport = {
    timezone: "Europe/Moscow",
    currency: "RUB",
    months: [
      { month: "2026-09", won: 2, amounts: [rub(500000), { currency: "USD", amountMinor: 1000 }] },
      { month: "2026-11", won: 1, amounts: [rub(150000)] },
    ],
  };

  it("fills the months without wins and ends with the report's last month", () => {
    const rows = revenueRows(report, 4, "ru");
    expect(rows.map((r) => r.month)).toEqual(["2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(rows.map((r) => r.amountMinor)).toEqual([0, 500000, 0, 150000]);
    expect(rows.map((r) => r.won)).toEqual([0, 2, 0, 1]);
    expect(otherCurrencies(rows)).toEqual([{ currency: "USD", amountMinor: 1000 }]);
    expect(isRevenueEmpty(rows)).toBe(false);
  });

  it("crosses a year and falls back to this month for an empty report", () => {
    const rows = revenueRows({ ...report, months: [] }, 3, "en", new Date(2027, 0, 10));
    expect(rows.map((r) => r.month)).toEqual(["2026-11", "2026-12", "2027-01"]);
    expect(isRevenueEmpty(rows)).toBe(true);
  });

  it("labels months and money shortly", () => {
    expect(monthLabel("2026-03", "en")).toBe("Mar 26");
    expect(monthLabel("2026-03", "ru")).toMatch(/^март 26/);
    expect(sp(compactMoney(150_000_000, "RUB", "ru"))).toBe("1,5 млн ₽");
    expect(sp(moneyText([rub(150000), { currency: "USD", amountMinor: 0 }], "ru"))).toBe("1 500 ₽");
    expect(sp(moneyText([rub(0), { currency: "USD", amountMinor: 2500 }], "en"))).toBe("$25");
    expect(sp(moneyText([rub(0)], "ru"))).toBe("0 ₽");
  });
});

describe("sources", () => {
  const source = (id: string | null, deals: number, won = 0) => ({
    sourceId: id,
    name: id,
    kind: id ? "manual" : null,
    deals,
    won,
    wonAmounts: [rub(won * 1000)],
  });
  const report: SourcesReport = {
    period,
    sources: [
      source("a", 10, 2),
      source("b", 7),
      source("c", 0),
      source("d", 3, 1),
      source("e", 2, 1),
      source(null, 5),
    ],
  };
  const labels = { none: "Без источника", other: "Другие" };

  it("keeps the sources that brought deals, most first, with the no-source slice named", () => {
    const slices = sourceSlices(report, labels);
    expect(slices.map((s) => [s.name, s.value])).toEqual([
      ["a", 10],
      ["b", 7],
      ["Без источника", 5],
      ["d", 3],
      ["e", 2],
    ]);
    expect(new Set(slices.map((s) => s.color)).size).toBe(5);
  });

  it("sums the smallest sources into 'other' past the maximum", () => {
    const slices = sourceSlices(report, labels, 3);
    expect(slices.map((s) => [s.name, s.value, s.won])).toEqual([
      ["a", 10, 2],
      ["b", 7, 0],
      ["Другие", 10, 2],
    ]);
    expect(slices[2]?.wonAmounts).toEqual([rub(2000)]);
  });
});

describe("managers", () => {
  const row = (overdueTasks: number) => ({
    userId: "u",
    name: "Иванов",
    email: "i@example.ru",
    role: "manager" as const,
    openDeals: 0,
    openAmounts: [rub(0)],
    wonDeals: 0,
    wonAmounts: [rub(0)],
    lostDeals: 0,
    overdueTasks,
  });
  it("is empty when nobody has any figure", () => {
    const report: ManagersReport = { period, managers: [row(0)] };
    expect(isManagersEmpty(report)).toBe(true);
    expect(isManagersEmpty({ period, managers: [row(2)] })).toBe(false);
    expect(isManagersEmpty({ period, managers: [] })).toBe(true);
  });
});
