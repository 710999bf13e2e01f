import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { toE164 } from "../../platform/phones.ts";

export const MAX_QUERY_LENGTH = 200;

/** A table's generated search columns (see db/schema/crm.ts). */
export interface Searchable {
  searchText: PgColumn;
  searchVector: PgColumn;
}

/**
 * How one query string matches a record, and how well:
 * - mostly digits (a phone in any spelling, a fragment of one, an INN): a substring of the digits;
 * - otherwise words: every word as a prefix in the full-text vector (as you type); failing that, the whole
 *   query close to a word of the record by trigrams (typos: "Ивнов" finds "Иванов").
 * Both shapes are served by the GIN indexes on (workspace_id, search_text / search_vector).
 */
export interface Match {
  where: SQL;
  rank: SQL;
  /** A looser match (typos) to try when the strict one finds too little. */
  fallback?: { where: SQL; rank: SQL };
}

export function searchMatch(table: Searchable, query: string): Match | null {
  const text = query.trim().toLowerCase().slice(0, MAX_QUERY_LENGTH);
  if (!text) return null;
  const digits = text.replace(/\D/g, "");
  const compact = text.replace(/[\s()+\-.]/g, "");
  if (digits.length >= 3 && digits.length === compact.length) {
    // 8 916 …, +7 916 …, 916 … are one person: a whole phone number is also compared in international
    // digits. The digits as typed still match too (an INN, an OGRN, a fragment).
    const international = digits.length >= 10 ? toE164(text)?.slice(1) : undefined;
    const where = international
      ? sql`(${table.searchText} like ${`%${digits}%`} or ${table.searchText} like ${`%${international}%`})`
      : sql`${table.searchText} like ${`%${digits}%`}`;
    return { where, rank: sql`similarity(${table.searchText}, ${international ?? digits})` };
  }
  if (text.includes("@")) {
    const pattern = `%${text.replace(/[%_\\]/g, "\\$&")}%`;
    return {
      where: sql`${table.searchText} like ${pattern}`,
      rank: sql`similarity(${table.searchText}, ${text})`,
    };
  }
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean)
    .slice(0, 6);
  if (words.length === 0) return null;
  const prefix = sql`to_tsquery('simple'::regconfig, ${words.map((w) => `${w}:*`).join(" & ")})`;
  const cleaned = words.join(" ");
  return {
    where: sql`${table.searchVector} @@ ${prefix}`,
    rank: sql`ts_rank(${table.searchVector}, ${prefix})`,
    fallback: {
      where: sql`${cleaned} <% ${table.searchText}`,
      rank: sql`word_similarity(${cleaned}, ${table.searchText})`,
    },
  };
}

/** The filter a list uses for `q`: strict or loose, unranked (the list keeps its own order). */
export function searchFilter(table: Searchable, query: string): SQL | null {
  const match = searchMatch(table, query);
  if (!match) return null;
  return match.fallback ? sql`(${match.where} or ${match.fallback.where})` : match.where;
}
