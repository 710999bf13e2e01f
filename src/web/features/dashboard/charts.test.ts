import { describe, expect, it } from "vitest";
import type {
  FunnelReport,
  ManagersReport,
  ResponsesReport,
  RevenueReport,
  SourcesReport,
} from "../../../common/analytics.ts";
import {
  compactMoney,
  dayLabel,
  durationParts,
  formatPercent,
  funnelRows,
  isFunnelEmpty,
  isManagersEmpty,
  isResponsesEmpty,
  isRevenueEmpty,
  moneyText,
  monthLabel,
  otherCurrencies,
  responseRows,
  revenueRows,
  sourceSlices,
  stayText,
} from "./charts.ts";

const sp = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, " ");
const rub = (amountMinor: number) => ({ currency: "RUB", amountMinor });
const period = { from: null, to: null, timezone: "Europe/Moscow" };

describe("funnel", () => {
  const report: FunnelReport = {
    pipeline: { id: "p", name: "Продажи" },
    period,
    stages: [
      {
        stageId: "a",
        name: "Новая",
        kind: "open",
        reached: 200,
        current: 50,
        conversionPercent: null,
        avgHoursInStage: null,
      },
      {
        stageId: "b",
        name: "Переговоры",
        kind: "open",
        reached: 91,
        current: 40,
        conversionPercent: 45.5,
        avgHoursInStage: 60,
      },
      {
        stageId: "w",
        name: "Успешно",
        kind: "won",
        reached: 30,
        current: 30,
        conversionPercent: 33,
        avgHoursInStage: null,
      },
      {
        stageId: "l",
        name: "Провал",
        kind: "lost",
        reached: 80,
        current: 80,
        conversionPercent: null,
        avgHoursInStage: null,
      },
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
    expect(rows.map((r) => sp(r.label))).toEqual(["200", "91 · 45,5 % · ⌀ 2,5 дн.", "30 · 33 %"]);
    expect(sp(stayText(5, "ru"))).toBe("⌀ 5 ч");
    expect(stayText(72, "en")).toBe("⌀ 3 days");
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

describe("response times", () => {
  const report = (days: ResponsesReport["days"], overdueNow = 0): ResponsesReport => ({
    period,
    unansweredMinutes: 60,
    medianSeconds: 90,
    p90Seconds: 600,
    answered: days.reduce((n, d) => n + d.answered, 0),
    unanswered: days.reduce((n, d) => n + d.unanswered, 0),
    overdueNow,
    days,
  });
  const day = (d: string, medianSeconds: number | null) => ({
    day: d,
    answered: medianSeconds === null ? 0 : 1,
    unanswered: medianSeconds === null ? 1 : 0,
    medianSeconds,
  });

  it("reads a duration in seconds, minutes, hours or days", () => {
    expect(durationParts(0)).toEqual({ key: "duration.seconds", count: 0 });
    expect(durationParts(45.4)).toEqual({ key: "duration.seconds", count: 45 });
    expect(durationParts(90)).toEqual({ key: "duration.minutes", count: 2 });
    expect(durationParts(119 * 60)).toEqual({ key: "duration.minutes", count: 119 });
    expect(durationParts(5 * 3600)).toEqual({ key: "duration.hours", count: 5 });
    expect(durationParts(3 * 86400)).toEqual({ key: "duration.days", count: 3 });
  });

  it("fills every day of the period up to today, days without answers without a median", () => {
    const rows = responseRows(
      report([day("2026-03-02", 150), day("2026-03-04", null)]),
      { from: "2026-03-01", to: "2026-03-31" },
      "ru",
      new Date(2026, 2, 5, 15),
    );
    expect(rows.map((r) => [r.day, r.medianMinutes])).toEqual([
      ["2026-03-01", null],
      ["2026-03-02", 2.5],
      ["2026-03-03", null],
      ["2026-03-04", null],
      ["2026-03-05", null],
    ]);
    expect(rows[3]).toMatchObject({ answered: 0, unanswered: 1 });
    // The workspace's time zone may already be in tomorrow: that day stays on the axis.
    const ahead = responseRows(
      report([day("2026-03-05", 60), day("2026-03-06", null)]),
      { from: "2026-03-01", to: "2026-03-31" },
      "ru",
      new Date(2026, 2, 5, 23),
    );
    expect(ahead.map((r) => r.day)).toEqual([
      "2026-03-01",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
    ]);
    expect(sp(dayLabel("2026-03-02", "en"))).toBe("2 Mar");
  });

  it("runs an open period from its first day with conversations to today, and keeps only those days of a huge span", () => {
    const open = responseRows(
      report([day("2026-03-30", 60), day("2026-04-01", 120)]),
      {},
      "en",
      new Date(2026, 3, 2),
    );
    expect(open.map((r) => r.day)).toEqual(["2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02"]);
    const huge = responseRows(
      report([day("2020-01-05", 60), day("2026-04-01", 120)]),
      { from: "2020-01-01" },
      "en",
      new Date(2026, 3, 10),
    );
    expect(huge.map((r) => r.day)).toEqual(["2020-01-05", "2026-04-01"]);
  });

  it("is empty only without conversations in the period and without overdue ones now", () => {
    expect(isResponsesEmpty(report([]))).toBe(true);
    expect(isResponsesEmpty(report([], 2))).toBe(false);
    expect(isResponsesEmpty(report([day("2026-03-02", null)]))).toBe(false);
  });
});
