import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { AppError } from "./errors.ts";

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
  order: z.enum(["asc", "desc"]).default("desc"),
});

/** A sortable expression and the SQL type its cursor value is cast back to. */
export interface SortKey {
  expr: SQL | PgColumn;
  cast: "timestamptz" | "text" | "bigint" | "double precision";
}

/**
 * Keyset pagination on (sort key, id): stable while rows are inserted or deleted, and as fast on page
 * 1000 as on page 1. The cursor carries the sort value as PostgreSQL's own text (microseconds intact).
 */
export function keyset(key: SortKey, id: PgColumn, order: "asc" | "desc", cursor: string | undefined) {
  const dir = sql.raw(order);
  const cmp = sql.raw(order === "desc" ? "<" : ">");
  let where: SQL | undefined;
  if (cursor) {
    let value: unknown;
    let afterId: unknown;
    try {
      [value, afterId] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    } catch {
      throw new AppError("bad_request", "The cursor is not one this API gave out");
    }
    if (typeof afterId !== "string" || (typeof value !== "string" && value !== null)) {
      throw new AppError("bad_request", "The cursor is not one this API gave out");
    }
    where = sql`(${key.expr}, ${id}) ${cmp} (${value}::${sql.raw(key.cast)}, ${afterId})`;
  }
  return {
    where,
    orderBy: [sql`${key.expr} ${dir}`, sql`${id} ${dir}`],
    sortValue: sql<string>`(${key.expr})::text`.as("sort_value"),
  };
}

/** Cuts the extra row fetched to know whether there is a next page, and makes its cursor. */
export function page<T extends { id: string; sortValue: string | null }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([last.sortValue, last.id])).toString("base64url")
      : null;
  return { items: items.map(({ sortValue: _, ...rest }) => rest), nextCursor };
}
