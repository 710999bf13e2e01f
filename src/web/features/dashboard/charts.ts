// The dashboard's reports turned into chart rows and readable figures (pure, tested in charts.test.ts).
import type {
  FunnelReport,
  ManagersReport,
  ResponsesReport,
  RevenueReport,
  SourcesReport,
} from "../../../common/analytics.ts";
import { formatMoney, formatNumber, localeOf } from "../../lib/format.ts";
import { type Period, ymd } from "./period.ts";

type Money = { currency: string; amountMinor: number };

/** 45.5 → "45,5 %" / "45.5%". */
export function formatPercent(value: number, lang: string): string {
  return new Intl.NumberFormat(localeOf(lang), { style: "percent", maximumFractionDigits: 1 }).format(
    value / 100,
  );
}

/** Money short enough for a chart axis: "1,5 млн ₽", "150 тыс. ₽". */
export function compactMoney(amountMinor: number, currency: string, lang: string): string {
  return new Intl.NumberFormat(localeOf(lang), {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(amountMinor / 100);
}

/** Sums in several currencies as one text: the non-zero ones, or a zero in the first currency. */
export function moneyText(amounts: readonly Money[], lang: string): string {
  const nonZero = amounts.filter((a) => a.amountMinor !== 0);
  if (nonZero.length === 0) return formatMoney(0, amounts[0]?.currency ?? "RUB", lang);
  return nonZero.map((a) => formatMoney(a.amountMinor, a.currency, lang)).join(" + ");
}

export interface FunnelRow {
  stage: string;
  reached: number;
  current: number;
  conversionPercent: number | null;
  /** The bar's colour (Mantine reads `color` of a row). */
  color: string;
  /** The bar's label: how many reached the stage and the conversion from the previous one. */
  label: string;
}

/** A mean stay: hours under two days, days beyond ("⌀ 2,5 дн."). */
export function stayText(hours: number, lang: string): string {
  const [value, unit] = hours < 48 ? [hours, "hour"] : [hours / 24, "day"];
  const format = new Intl.NumberFormat(lang, {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: 1,
  });
  return `⌀ ${format.format(value)}`;
}

/**
 * The funnel's bars: open stages then won (lost deals drop out of a funnel; they are in the totals),
 * labelled with the deals that reached the stage, the conversion from the one before and, for open
 * stages, the mean time deals spent in it.
 */
export function funnelRows(report: FunnelReport, lang: string): FunnelRow[] {
  return report.stages
    .filter((s) => s.kind !== "lost")
    .map((s) => ({
      stage: s.name,
      reached: s.reached,
      current: s.current,
      conversionPercent: s.conversionPercent,
      color: s.kind === "won" ? "teal.6" : "orange.6",
      label: [
        formatNumber(s.reached, lang),
        ...(s.conversionPercent === null ? [] : [formatPercent(s.conversionPercent, lang)]),
        ...(s.kind === "open" && s.avgHoursInStage !== null ? [stayText(s.avgHoursInStage, lang)] : []),
      ].join(" · "),
    }));
}

export const isFunnelEmpty = (report: FunnelReport) => report.totals.deals === 0;

const monthKey = (year: number, monthIndex: number) => {
  const d = new Date(year, monthIndex, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
};

export interface RevenueRow {
  month: string;
  label: string;
  won: number;
  /** Won in the workspace's currency, minor units. */
  amountMinor: number;
  /** Won in other currencies, when there are any (they are not on the chart, whose axis is one currency). */
  others: Money[];
}

/** "2026-03" → "март 26 г." / "Mar 26". */
export function monthLabel(month: string, lang: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(localeOf(lang), { month: "short", year: "2-digit" }).format(
    new Date(y ?? 1970, (m ?? 1) - 1, 1),
  );
}

/**
 * One row per calendar month, `count` months ending with the report's last month (or this month when the
 * report is empty), so a month without wins shows as 0 rather than disappearing from the axis.
 */
export function revenueRows(
  report: RevenueReport,
  count: number,
  lang: string,
  today = new Date(),
): RevenueRow[] {
  const byMonth = new Map(report.months.map((m) => [m.month, m]));
  const last = report.months.at(-1)?.month ?? monthKey(today.getFullYear(), today.getMonth());
  const [y, m] = last.split("-").map(Number);
  const rows: RevenueRow[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const month = monthKey(y ?? today.getFullYear(), (m ?? 1) - 1 - i);
    const found = byMonth.get(month);
    const amounts = found?.amounts ?? [];
    rows.push({
      month,
      label: monthLabel(month, lang),
      won: found?.won ?? 0,
      amountMinor: amounts.find((a) => a.currency === report.currency)?.amountMinor ?? 0,
      others: amounts.filter((a) => a.currency !== report.currency && a.amountMinor !== 0),
    });
  }
  return rows;
}

export const isRevenueEmpty = (rows: readonly RevenueRow[]) => rows.every((r) => r.won === 0);

/** Sums per other currency over all months, for the note under the revenue chart. */
export function otherCurrencies(rows: readonly RevenueRow[]): Money[] {
  const sums = new Map<string, number>();
  for (const r of rows)
    for (const o of r.others) sums.set(o.currency, (sums.get(o.currency) ?? 0) + o.amountMinor);
  return [...sums].map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

const PALETTE = ["orange.6", "blue.6", "teal.6", "grape.6", "yellow.6", "cyan.6", "pink.6", "indigo.6"];
const OTHER_COLOR = "gray.5";

export interface SourceSlice {
  key: string;
  name: string;
  /** Deals created in the period (the slice's size). */
  value: number;
  won: number;
  wonAmounts: Money[];
  color: string;
}

/**
 * The sources that brought deals, most first; past `max` slices the rest are summed into "other", so a
 * donut stays readable. The deals without a source are a slice of their own.
 */
export function sourceSlices(
  report: SourcesReport,
  labels: { none: string; other: string },
  max = 6,
): SourceSlice[] {
  const slices = report.sources
    .filter((s) => s.deals > 0)
    .map((s) => ({
      key: s.sourceId ?? "none",
      name: s.name ?? labels.none,
      value: s.deals,
      won: s.won,
      wonAmounts: s.wonAmounts,
    }))
    .sort((a, b) => b.value - a.value);
  const shown = slices.length > max ? slices.slice(0, max - 1) : slices;
  const rest = slices.slice(shown.length);
  const out: SourceSlice[] = shown.map((s, i) => ({
    ...s,
    color: PALETTE[i % PALETTE.length] ?? OTHER_COLOR,
  }));
  if (rest.length > 0) {
    const sums = new Map<string, number>();
    for (const s of rest)
      for (const a of s.wonAmounts) sums.set(a.currency, (sums.get(a.currency) ?? 0) + a.amountMinor);
    out.push({
      key: "other",
      name: labels.other,
      value: rest.reduce((n, s) => n + s.value, 0),
      won: rest.reduce((n, s) => n + s.won, 0),
      wonAmounts: [...sums].map(([currency, amountMinor]) => ({ currency, amountMinor })),
      color: OTHER_COLOR,
    });
  }
  return out;
}

export type ManagerRow = ManagersReport["managers"][number];

/** Whether a period has nothing to show per manager (no row has any figure). */
export const isManagersEmpty = (report: ManagersReport) =>
  report.managers.every((m) => m.openDeals + m.wonDeals + m.lostDeals + m.overdueTasks === 0);

export type DurationKey = "duration.seconds" | "duration.minutes" | "duration.hours" | "duration.days";

/**
 * A response time as the i18n key (namespace `dashboard`) and count: seconds under a minute, minutes
 * under two hours, hours under two days, then days.
 */
export function durationParts(seconds: number): { key: DurationKey; count: number } {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return { key: "duration.seconds", count: s };
  const minutes = Math.round(s / 60);
  if (minutes < 120) return { key: "duration.minutes", count: minutes };
  if (minutes < 48 * 60) return { key: "duration.hours", count: Math.round(minutes / 60) };
  return { key: "duration.days", count: Math.round(minutes / 1440) };
}

export interface ResponseDay {
  day: string;
  label: string;
  /** The day's median first response in minutes (the chart's axis), null without an answered chat. */
  medianMinutes: number | null;
  medianSeconds: number | null;
  answered: number;
  unanswered: number;
}

/** Beyond this many days the chart shows only the days that had conversations, not every calendar day. */
const MAX_FILLED_DAYS = 366;

/** "2026-03-10" → "10 мар." / "10 Mar". */
export function dayLabel(day: string, lang: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(localeOf(lang), { day: "numeric", month: "short" }).format(
    new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1),
  );
}

/**
 * The daily-median chart's rows: every calendar day from the period's start (or the first day with a
 * conversation) to its end, but not past today, so the axis keeps its scale; days without conversations
 * have no median. A very long span keeps only the days the report has.
 */
export function responseRows(
  report: ResponsesReport,
  period: Period,
  lang: string,
  today = new Date(),
): ResponseDay[] {
  const byDay = new Map(report.days.map((d) => [d.day, d]));
  const row = (day: string): ResponseDay => {
    const found = byDay.get(day);
    const medianSeconds = found?.medianSeconds ?? null;
    return {
      day,
      label: dayLabel(day, lang),
      medianMinutes: medianSeconds === null ? null : Math.round(medianSeconds / 6) / 10,
      medianSeconds,
      answered: found?.answered ?? 0,
      unanswered: found?.unanswered ?? 0,
    };
  };
  const first = period.from ?? report.days[0]?.day;
  const lastDay = report.days.at(-1)?.day;
  const todayYmd = ymd(today);
  // Not past today, yet never before the report's last day (the workspace's today may be the browser's tomorrow).
  const capped = period.to && period.to < todayYmd ? period.to : todayYmd;
  const end = lastDay && lastDay > capped ? lastDay : capped;
  const days: string[] = [];
  if (first) {
    const [y, m, d] = first.split("-").map(Number);
    for (let i = 0; i <= MAX_FILLED_DAYS; i++) {
      const day = ymd(new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + i));
      if (day > end) break;
      days.push(day);
    }
  }
  const covers = days.length <= MAX_FILLED_DAYS && report.days.every((d) => days.includes(d.day));
  return (covers ? days : report.days.map((d) => d.day)).map(row);
}

/** Nothing to show: no conversation started in the period and none is overdue now. */
export const isResponsesEmpty = (report: ResponsesReport) =>
  report.answered + report.unanswered + report.overdueNow === 0;
