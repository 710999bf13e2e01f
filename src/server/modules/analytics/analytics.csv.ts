// The dashboard's reports as CSV for Excel in Russia: UTF-8 with a BOM, `;`-separated, decimal commas,
// money in major units (like the record exports).
import { stringify } from "csv-stringify/sync";
import type { FunnelReport, ManagersReport } from "../../../common/analytics.ts";

/** A number as Excel in Russia reads it: a decimal comma; kopecks ÷ 100 with `divisor`; empty for none. */
export const cell = (n: number | null, divisor = 1) =>
  n === null ? "" : String(n / divisor).replace(".", ",");

/** Sums in several currencies in one cell: "1500,5 RUB; 20 USD". */
const sums = (amounts: { currency: string; amountMinor: number }[]) =>
  amounts
    .filter((a, i) => i === 0 || a.amountMinor !== 0)
    .map((a) => `${cell(a.amountMinor, 100)} ${a.currency}`)
    .join("; ");

export const csvBody = (rows: string[][]) => stringify(rows, { bom: true, delimiter: ";" });

export function funnelCsv(report: FunnelReport) {
  const kinds = { open: "в работе", won: "успех", lost: "провал" } as const;
  return csvBody([
    ["Этап", "Тип", "Дошли", "Сейчас", "Конверсия, %", "Среднее время в этапе, ч"],
    ...report.stages.map((s) => [
      s.name,
      kinds[s.kind],
      cell(s.reached),
      cell(s.current),
      cell(s.conversionPercent),
      cell(s.avgHoursInStage),
    ]),
    ["Итого сделок", "", cell(report.totals.deals), "", cell(report.totals.conversionPercent), ""],
  ]);
}

export function managersCsv(report: ManagersReport) {
  return csvBody([
    [
      "Менеджер",
      "Эл. почта",
      "Открытые сделки",
      "Сумма открытых",
      "Выиграно",
      "Сумма выигранных",
      "Проиграно",
      "Просроченные задачи",
    ],
    ...report.managers.map((m) => [
      m.name ?? (m.userId ? "" : "Без ответственного"),
      m.email ?? "",
      cell(m.openDeals),
      sums(m.openAmounts),
      cell(m.wonDeals),
      sums(m.wonAmounts),
      cell(m.lostDeals),
      cell(m.overdueTasks),
    ]),
  ]);
}
