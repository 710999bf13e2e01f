import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { SortKey } from "./pagination.ts";

/** `cf.<key>=value` query parameters as equality conditions on a record's custom_fields. */
export function customFieldFilters(query: Record<string, unknown>, column: PgColumn): SQL[] {
  return Object.entries(query)
    .filter(([key, value]) => /^cf\.[a-z0-9_]{1,64}$/.test(key) && typeof value === "string")
    .map(([key, value]) => {
      const field = key.slice(3);
      // A multiselect holds an array: match when it contains the value.
      return sql`(${column}->>${field} = ${value} or ${column}->${field} @> ${JSON.stringify([value])}::jsonb)`;
    });
}

/** Sorting by `cf.<key>`: the value as text, empty when absent, so keyset pagination never meets a null. */
export function customFieldSort(sort: string, column: PgColumn): SortKey | null {
  if (!sort.startsWith("cf.")) return null;
  return { expr: sql`coalesce(${column}->>${sort.slice(3)}, '')`, cast: "text" };
}

/** A date range filter; either end may be open. */
export function range(column: PgColumn | SQL, from: string | undefined, to: string | undefined): SQL[] {
  return [...(from ? [sql`${column} >= ${from}`] : []), ...(to ? [sql`${column} < ${to}`] : [])];
}
