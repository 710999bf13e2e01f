// The dashboard's date range: presets relative to today, or a period picked by hand (either end open).

export const PRESETS = ["month", "quarter", "year"] as const;
export type Preset = (typeof PRESETS)[number];
export type PeriodChoice = Preset | "custom";

/** Calendar dates (`YYYY-MM-DD`); the API reads them as whole days in the workspace's time zone. */
export interface Period {
  from?: string;
  to?: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** A local calendar date as `YYYY-MM-DD` (not through UTC, which would shift it a day near midnight). */
export const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/**
 * Today in `timezone` as a local date (its calendar day, at local midnight): what the presets count from,
 * because the API reads dates as days in the workspace's time zone, not the browser's.
 */
export function todayIn(timezone: string, now: Date = new Date()): Date {
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: timezone })
    .format(now)
    .split("-")
    .map(Number);
  return new Date(y!, m! - 1, d!);
}

/**
 * This month, the last three months (this one and the two before) or this year, from the first day to
 * the last day of the span; `to` is included by the API.
 */
export function presetPeriod(preset: Preset, today: Date = new Date()): Required<Period> {
  const y = today.getFullYear();
  const m = today.getMonth();
  const endOfMonth = ymd(new Date(y, m + 1, 0));
  switch (preset) {
    case "month":
      return { from: ymd(new Date(y, m, 1)), to: endOfMonth };
    case "quarter":
      return { from: ymd(new Date(y, m - 2, 1)), to: endOfMonth };
    case "year":
      return { from: ymd(new Date(y, 0, 1)), to: ymd(new Date(y, 11, 31)) };
  }
}

/** The period to ask for: a preset's, or the picked dates (a missing end stays open, in the API's terms). */
export function resolvePeriod(
  choice: PeriodChoice,
  custom: [string | null, string | null],
  today: Date = new Date(),
): Period {
  if (choice !== "custom") return presetPeriod(choice, today);
  const [from, to] = custom;
  // A range picked back to front still means the days between the two.
  if (from && to && from > to) return { from: to, to: from };
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
