// Money, dates, numbers and phones as a person in the chosen language expects to read them.
import { parsePhoneNumberFromString } from "libphonenumber-js/min";

export type Lang = "ru" | "en";
const LOCALES: Record<Lang, string> = { ru: "ru-RU", en: "en-GB" };
export const localeOf = (lang: string) => LOCALES[lang === "en" ? "en" : "ru"];

/** Minor units (kopecks) as money: 150000 RUB → "1 500 ₽" (kopecks only when there are any). */
export function formatMoney(amountMinor: number, currency = "RUB", lang: string = "ru"): string {
  const whole = amountMinor % 100 === 0;
  return new Intl.NumberFormat(localeOf(lang), {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(amountMinor / 100);
}

/** A typed amount ("1 500,50", "1500.5", "1 500 ₽") as minor units, or null when it is not a number. */
export function parseMoney(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0₽$€a-zA-Zа-яА-Я]/g, "").replace(",", ".");
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

export function formatNumber(n: number, lang: string = "ru"): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

const asDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));

/** 25 ноября 2026 / 25 November 2026 (a bare YYYY-MM-DD is a calendar date, not a UTC midnight). */
export function formatDate(value: string | Date, lang: string = "ru"): string {
  const date =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00`)
      : asDate(value);
  return new Intl.DateTimeFormat(localeOf(lang), { day: "numeric", month: "long", year: "numeric" }).format(
    date,
  );
}

/** 25.11.2026, 18:30 / 25/11/2026, 18:30 */
export function formatDateTime(value: string | Date, lang: string = "ru"): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: "short", timeStyle: "short" }).format(
    asDate(value),
  );
}

/** "5 минут назад" / "in 2 days", relative to `now`. */
export function formatRelative(value: string | Date, lang: string = "ru", now: Date = new Date()): string {
  const seconds = Math.round((asDate(value).getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: "auto" });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 365 * 86400],
    ["month", 30 * 86400],
    ["week", 7 * 86400],
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, "second");
}

/** +79161234567 → "+7 916 123-45-67" (Russian numbers), others in international format. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  if (parsed.countryCallingCode === "7") {
    const n = parsed.nationalNumber;
    if (n.length === 10) return `+7 ${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
  }
  return parsed.formatInternational();
}

/** "Петров Иван" from the parts a contact has. */
export function personName(p: {
  firstName?: string | null;
  lastName?: string | null;
  middleName?: string | null;
}) {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(" ");
}
