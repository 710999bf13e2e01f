import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  char,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestDriver } from "../../../test/support/app.ts";
import { expectedSchema, findSchemaProblems, normaliseType } from "./verify.ts";

// A schema with every column type the project uses, to prove the type comparison against format_type().
const stageKind = pgEnum("probe_stage_kind", ["open", "won", "lost"]);
const probe = pgTable(
  "probe",
  {
    id: serial("id").primaryKey(),
    big: bigserial("big", { mode: "number" }),
    amount: bigint("amount", { mode: "number" }).notNull(),
    name: varchar("name", { length: 200 }).notNull(),
    inn: char("inn", { length: 12 }),
    price: numeric("price", { precision: 12, scale: 2 }),
    ratio: doublePrecision("ratio"),
    count: integer("count"),
    flag: boolean("flag").notNull().default(false),
    data: jsonb("data"),
    ref: uuid("ref"),
    day: date("day"),
    at: timestamp("at", { withTimezone: true, precision: 3 }),
    naive: timestamp("naive"),
    tags: text("tags").array(),
    kind: stageKind("kind").notNull(),
  },
  (t) => [index("probe_name_idx").on(t.name), uniqueIndex("probe_inn_key").on(t.inn)],
);
const probeSchema = { stageKind, probe };

describe("normaliseType", () => {
  it.each([
    ["serial", "integer"],
    ["bigserial", "bigint"],
    ["varchar(200)", "character varying(200)"],
    ["char(12)", "character(12)"],
    ["timestamp", "timestamp without time zone"],
    ["timestamp(3)", "timestamp(3) without time zone"],
    ["numeric(12, 2)", "numeric(12,2)"],
    ['"public"."probe_stage_kind"', "probe_stage_kind"],
  ])("%s is %s", (drizzleType, pgType) => expect(normaliseType(drizzleType)).toBe(pgType));
});

describe.each<TestDriver>(["postgres", "pglite"])("schema verification on %s", (driver) => {
  let t: TestApp;
  const problems = () => findSchemaProblems(t.database.db, expectedSchema(probeSchema));
  beforeAll(async () => {
    t = await createTestApp({ driver });
    // One statement per call: PGlite, like the extended protocol, takes a single command at a time.
    for (const statement of [
      sql`create type probe_stage_kind as enum ('open', 'won', 'lost')`,
      sql`create table probe (
        id serial primary key, big bigserial, amount bigint not null, name varchar(200) not null,
        inn char(12), price numeric(12,2), ratio double precision, count integer, flag boolean not null default false,
        data jsonb, ref uuid, day date, at timestamptz(3), naive timestamp, tags text[], kind probe_stage_kind not null)`,
      sql`create index probe_name_idx on probe (name)`,
      sql`create unique index probe_inn_key on probe (inn)`,
    ]) {
      await t.database.db.execute(statement);
    }
  });
  afterAll(() => t.close());

  it("finds nothing wrong when the database matches the code", async () => {
    expect(await problems()).toEqual([]);
    expect(await findSchemaProblems(t.database.db)).toEqual([]);
  });

  it("names a column of the wrong type, a lost NOT NULL and a missing index", async () => {
    await t.database.db.execute(sql`alter table probe alter column count type bigint`);
    await t.database.db.execute(sql`alter table probe alter column name drop not null`);
    await t.database.db.execute(sql`drop index probe_inn_key`);
    expect(await problems()).toEqual([
      'column "probe"."name" is nullable, expected NOT NULL',
      'column "probe"."count" has type bigint, expected integer',
      'index "probe_inn_key" on "probe" is missing',
    ]);
  });

  it("names a missing enum value, column and table", async () => {
    await t.database.db.execute(sql`alter table probe drop column flag`);
    await t.database.db.execute(sql`drop table outbox`);
    const found = await problems();
    expect(found).toContain('column "probe"."flag" is missing');
    expect(await findSchemaProblems(t.database.db)).toEqual(['table "outbox" is missing']);
    const withNewValue = expectedSchema({
      ...probeSchema,
      stageKind: pgEnum("probe_stage_kind", ["open", "won", "lost", "frozen"]),
    });
    expect(await findSchemaProblems(t.database.db, withNewValue)).toContain(
      'enum "probe_stage_kind" lacks the values frozen',
    );
  });
});
