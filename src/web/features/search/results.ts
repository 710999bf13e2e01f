// How search results are shown: grouped by kind, each with a readable subtitle and the page it opens.
import { formatMoney, formatPhone } from "../../lib/format.ts";

export const KINDS = ["contact", "company", "deal"] as const;
export type SearchKind = (typeof KINDS)[number];

/** One hit of `GET /api/search` (the API's `SearchResult`). */
export interface SearchResult {
  type: SearchKind;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
}

/** Fewer characters than this only show a hint: one letter matches half the database. */
export const MIN_QUERY_LENGTH = 2;
/** The API refuses longer queries with a 422, which the dialog explains with this limit. */
export const MAX_QUERY_LENGTH = 200;

export interface ResultGroup {
  kind: SearchKind;
  items: SearchResult[];
}

/** Contacts, then companies, then deals; the API's best-first order is kept inside each group. */
export function groupResults(items: readonly SearchResult[]): ResultGroup[] {
  return KINDS.map((kind) => ({ kind, items: items.filter((r) => r.type === kind) })).filter(
    (g) => g.items.length > 0,
  );
}

/** The results in the order they are shown, which is the order the arrow keys walk. */
export const flattenGroups = (groups: readonly ResultGroup[]) => groups.flatMap((g) => g.items);

/** The next selected index after an arrow key, wrapping around both ends; -1 when there is nothing. */
export function moveSelection(current: number, delta: 1 | -1, length: number): number {
  if (length <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return (current + delta + length) % length;
}

export function resultPath(result: Pick<SearchResult, "type" | "id">): string {
  switch (result.type) {
    case "contact":
      return `/contacts/${result.id}`;
    case "company":
      return `/companies/${result.id}`;
    case "deal":
      return `/deals/${result.id}`;
  }
}

/** What a subtitle is, so the view can label it (an INN gets "ИНН" before it). */
export type Subtitle = { kind: "phone" | "inn" | "amount" | "text"; text: string } | null;

/**
 * The API's raw subtitle made readable: a contact's E.164 phone formatted, a company's INN marked as one,
 * a deal's "1500 RUB" as money in the person's language. A deal without an amount shows none.
 */
export function describeSubtitle(result: Pick<SearchResult, "type" | "subtitle">, lang: string): Subtitle {
  const raw = result.subtitle?.trim();
  if (!raw) return null;
  switch (result.type) {
    case "contact":
      return /^\+?\d{6,}$/.test(raw)
        ? { kind: "phone", text: formatPhone(raw) }
        : { kind: "text", text: raw };
    case "company":
      return /^\d{10}(\d{2})?$/.test(raw) ? { kind: "inn", text: raw } : { kind: "text", text: raw };
    case "deal": {
      const m = raw.match(/^(-?\d+(?:\.\d+)?)\s+([A-Z]{3})$/);
      if (!m) return { kind: "text", text: raw };
      const minor = Math.round(Number(m[1]) * 100);
      return minor === 0 ? null : { kind: "amount", text: formatMoney(minor, m[2], lang) };
    }
  }
}

/** Whether a typed query is worth asking the API about (a longer-than-allowed one is asked, and refused). */
export const isSearchable = (query: string) => query.trim().length >= MIN_QUERY_LENGTH;
