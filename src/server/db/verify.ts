import { is, sql } from "drizzle-orm";
import { getTableConfig, isPgEnum, PgTable } from "drizzle-orm/pg-core";
import { type Executor, queryRows } from "./client.ts";
import * as schema from "./schema/index.ts";

/** What the code declares: derived from the Drizzle schema, never written by hand. */
interface Expected {
  tables: Map<string, { columns: Map<string, { type: string; notNull: boolean }> }>;
  indexes: { table: string; name: string }[];
  foreignKeys: { table: string; name: string }[];
  enums: Map<string, string[]>;
}

export function expectedSchema(module: Record<string, unknown> = schema): Expected {
  const expected: Expected = { tables: new Map(), indexes: [], foreignKeys: [], enums: new Map() };
  for (const value of Object.values(module)) {
    if (isPgEnum(value)) expected.enums.set(value.enumName, [...value.enumValues]);
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const columns = new Map(
      config.columns.map((c) => [c.name, { type: normaliseType(c.getSQLType()), notNull: c.notNull }]),
    );
    expected.tables.set(config.name, { columns });
    for (const index of config.indexes) {
      if (index.config.name) expected.indexes.push({ table: config.name, name: index.config.name });
    }
    for (const unique of config.uniqueConstraints) {
      const name = unique.getName();
      if (name) expected.indexes.push({ table: config.name, name });
    }
    for (const fk of config.foreignKeys)
      expected.foreignKeys.push({ table: config.name, name: fk.getName() });
  }
  return expected;
}

/** Spells a Drizzle SQL type the way PostgreSQL's format_type() does. */
export function normaliseType(type: string): string {
  const t = type
    .trim()
    .toLowerCase()
    .replace(/\s*,\s*/g, ",")
    .replace(/\s+\(/g, "(");
  const aliases: Record<string, string> = {
    serial: "integer",
    smallserial: "smallint",
    bigserial: "bigint",
    timestamp: "timestamp without time zone",
    time: "time without time zone",
    int: "integer",
    int4: "integer",
    int8: "bigint",
    bool: "boolean",
    float8: "double precision",
  };
  return (aliases[t] ?? t)
    .replace(/^varchar/, "character varying")
    .replace(/^char\b/, "character")
    .replace(/^(timestamp|time)(\(\d+\))$/, "$1$2 without time zone")
    .replace(/^"?[a-z0-9_]+"?\."?([a-z0-9_]+)"?$/, "$1")
    .replace(/"/g, "");
}

interface LiveColumn {
  table_name: string;
  column_name: string;
  type: string;
  not_null: boolean;
}

/**
 * Compares the live catalog of the `public` schema with what the code declares. Returns one
 * human-readable line for every missing or different table, column, enum, index and foreign key.
 * Extra objects in the database are not problems: an older node may still be running beside a newer one.
 */
export async function findSchemaProblems(executor: Executor, expected = expectedSchema()): Promise<string[]> {
  const [columns, indexes, constraints, enums] = await Promise.all([
    queryRows<LiveColumn>(
      executor,
      sql`select c.relname as table_name, a.attname as column_name,
                 format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
    ),
    queryRows<{ table_name: string; name: string }>(
      executor,
      sql`select tablename as table_name, indexname as name from pg_indexes where schemaname = 'public'`,
    ),
    queryRows<{ table_name: string; name: string }>(
      executor,
      sql`select c.relname as table_name, k.conname as name
            from pg_constraint k join pg_class c on c.oid = k.conrelid
            join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and k.contype = 'f'`,
    ),
    queryRows<{ name: string; value: string }>(
      executor,
      sql`select t.typname as name, e.enumlabel as value
            from pg_type t join pg_enum e on e.enumtypid = t.oid
            join pg_namespace n on n.oid = t.typnamespace
           where n.nspname = 'public' order by t.typname, e.enumsortorder`,
    ),
  ]);

  const problems: string[] = [];
  const liveTables = new Map<string, Map<string, LiveColumn>>();
  for (const column of columns) {
    const table = liveTables.get(column.table_name) ?? new Map<string, LiveColumn>();
    table.set(column.column_name, column);
    liveTables.set(column.table_name, table);
  }

  for (const [name, values] of expected.enums) {
    const live = enums.filter((e) => e.name === name).map((e) => e.value);
    if (live.length === 0) problems.push(`enum "${name}" is missing`);
    else {
      const absent = values.filter((v) => !live.includes(v));
      if (absent.length > 0) problems.push(`enum "${name}" lacks the values ${absent.join(", ")}`);
    }
  }

  for (const [tableName, table] of expected.tables) {
    const live = liveTables.get(tableName);
    if (!live) {
      problems.push(`table "${tableName}" is missing`);
      continue;
    }
    for (const [columnName, column] of table.columns) {
      const actual = live.get(columnName);
      const where = `column "${tableName}"."${columnName}"`;
      if (!actual) problems.push(`${where} is missing`);
      else {
        const actualType = normaliseType(actual.type);
        if (actualType !== column.type)
          problems.push(`${where} has type ${actualType}, expected ${column.type}`);
        if (actual.not_null !== column.notNull) {
          problems.push(
            `${where} is ${actual.not_null ? "NOT NULL" : "nullable"}, expected ${column.notNull ? "NOT NULL" : "nullable"}`,
          );
        }
      }
    }
  }

  const has = (list: { table_name: string; name: string }[], table: string, name: string) =>
    list.some((x) => x.table_name === table && x.name === name);
  for (const { table, name } of expected.indexes) {
    if (liveTables.has(table) && !has(indexes, table, name))
      problems.push(`index "${name}" on "${table}" is missing`);
  }
  for (const { table, name } of expected.foreignKeys) {
    if (liveTables.has(table) && !has(constraints, table, name)) {
      problems.push(`foreign key "${name}" on "${table}" is missing`);
    }
  }
  return problems;
}
