// Accounting systems (MoySklad, 1C) kept in sync with companies, contacts and deals: the connection, its
// sync runs, the links between our records and theirs, the products they own, deal line items and the
// 1C exchange's sessions and uploaded files. Credentials are sealed (platform/crypto.ts).
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { deals } from "./crm.ts";
import { workspaces } from "./identity.ts";
import { integrationStatus } from "./messaging.ts";

const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
const at = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const accountingPlatform = pgEnum("accounting_platform", ["moysklad", "one_c"]);
export const accountingRunStatus = pgEnum("accounting_run_status", ["running", "succeeded", "failed"]);
/** What a link joins: one of our records and the accounting system's record it mirrors. */
export const accountingEntity = pgEnum("accounting_entity", ["company", "contact", "deal", "product"]);

export const accountingIntegrations = pgTable(
  "accounting_integrations",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    platform: accountingPlatform("platform").notNull(),
    /** Sealed JSON: MoySklad `{token}`; 1C `{login, passwordHash}`. */
    credentials: text("credentials").notNull(),
    /** Shown, never secret: MoySklad's login or account; 1C's exchange login. */
    account: jsonb("account").$type<Record<string, string>>().notNull().default({}),
    /** Directions, stage maps and the rest (accounting.schemas.ts types it per platform). */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** What the provider offers to map: MoySklad's order states, organisations and stores. */
    remote: jsonb("remote").$type<Record<string, unknown>>().notNull().default({}),
    /** Sealed: the secret in the URL of MoySklad's webhooks (they carry no signature). */
    webhookSecret: text("webhook_secret"),
    /** Where the incremental sync resumes, per entity: `{counterparty: {since, offset}, …}`. */
    cursor: jsonb("cursor").$type<Record<string, unknown>>().notNull().default({}),
    status: integrationStatus("status").notNull().default("active"),
    lastSyncAt: at("last_sync_at"),
    lastError: text("last_error"),
    lastErrorAt: at("last_error_at"),
    createdBy: text("created_by"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "accounting_integrations_pkey", columns: [t.workspaceId, t.id] }),
    unique("accounting_integrations_platform_key").on(t.workspaceId, t.platform),
    // MoySklad's webhooks name the integration by id alone (their secret proves the rest).
    index("accounting_integrations_id_idx").on(t.id),
  ],
);

const integrationFk = (name: string, t: { workspaceId: AnyPgColumn; integrationId: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [t.workspaceId, t.integrationId],
    foreignColumns: [accountingIntegrations.workspaceId, accountingIntegrations.id],
  }).onDelete("cascade");

/** One sync, webhook batch, export or 1C import: what it did, shown in the integration's log. */
export const accountingRuns = pgTable(
  "accounting_runs",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    integrationId: text("integration_id").notNull(),
    /** `sync`, `webhook`, `export`, `catalog` or `sale` (1C imports). */
    kind: text("kind").notNull(),
    status: accountingRunStatus("status").notNull().default("running"),
    /** `{phase, done, total}`: what the page's progress bar shows. */
    progress: jsonb("progress").$type<{ phase: string; done: number; total: number | null }>(),
    /** `{created, updated, skipped, conflicts, failed}`. */
    counts: jsonb("counts").$type<Record<string, number>>().notNull().default({}),
    /** The first problems met (conflicts, rejected rows), for the log. */
    messages: jsonb("messages").$type<string[]>().notNull().default([]),
    error: text("error"),
    /** A 1C import: the exchange session and the file. */
    sessionId: text("session_id"),
    filename: text("filename"),
    startedAt: at("started_at").notNull().defaultNow(),
    finishedAt: at("finished_at"),
  },
  (t) => [
    primaryKey({ name: "accounting_runs_pkey", columns: [t.workspaceId, t.id] }),
    index("accounting_runs_log_idx").on(t.workspaceId, t.integrationId, t.startedAt),
    integrationFk("accounting_runs_integration_fk", t),
  ],
);

/**
 * Our record ↔ theirs, so a re-sync updates instead of duplicating. `externalUpdatedAt` is their
 * `updated` when we last read or wrote it: the newer side wins a conflict.
 */
export const accountingLinks = pgTable(
  "accounting_links",
  {
    workspaceId: workspaceId(),
    integrationId: text("integration_id").notNull(),
    entity: accountingEntity("entity").notNull(),
    externalId: text("external_id").notNull(),
    recordId: text("record_id").notNull(),
    externalUpdatedAt: at("external_updated_at"),
    syncedAt: at("synced_at").notNull().defaultNow(),
    /** What the deal card shows of an order: number, state, sums, paid; 1C: when it was exported. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({
      name: "accounting_links_pkey",
      columns: [t.workspaceId, t.integrationId, t.entity, t.externalId],
    }),
    unique("accounting_links_record_key").on(t.workspaceId, t.integrationId, t.entity, t.recordId),
    index("accounting_links_record_idx").on(t.workspaceId, t.entity, t.recordId),
    integrationFk("accounting_links_integration_fk", t),
  ],
);

/** MoySklad's request ids already handled: its webhooks are retried with the same id. */
export const accountingWebhookRequests = pgTable(
  "accounting_webhook_requests",
  {
    workspaceId: workspaceId(),
    integrationId: text("integration_id").notNull(),
    requestId: text("request_id").notNull(),
    receivedAt: at("received_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: "accounting_webhook_requests_pkey",
      columns: [t.workspaceId, t.integrationId, t.requestId],
    }),
    integrationFk("accounting_webhook_requests_integration_fk", t),
  ],
);

/** Goods of the accounting system: read-only here, picked as deal line items. */
export const products = pgTable(
  "products",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    article: text("article"),
    unit: text("unit"),
    priceMinor: bigint("price_minor", { mode: "number" }),
    currency: text("currency").notNull().default("RUB"),
    stock: doublePrecision("stock"),
    archived: boolean("archived").notNull().default(false),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "products_pkey", columns: [t.workspaceId, t.id] }),
    index("products_name_idx").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

/** A deal's positions: what the order contains (from MoySklad, or picked from products). */
export const dealItems = pgTable(
  "deal_items",
  {
    workspaceId: workspaceId(),
    dealId: text("deal_id").notNull(),
    id: text("id").notNull(),
    productId: text("product_id"),
    name: text("name").notNull(),
    quantity: doublePrecision("quantity").notNull(),
    priceMinor: bigint("price_minor", { mode: "number" }).notNull(),
    /** Discount in percent, as MoySklad keeps it. */
    discount: doublePrecision("discount").notNull().default(0),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ name: "deal_items_pkey", columns: [t.workspaceId, t.dealId, t.id] }),
    foreignKey({
      name: "deal_items_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "deal_items_product_fk",
      columns: [t.workspaceId, t.productId],
      foreignColumns: [products.workspaceId, products.id],
    }),
  ],
);

/** A 1C exchange session: the cookie of `checkauth` (hashed) and what its last `query` returned. */
export const oneCSessions = pgTable(
  "one_c_sessions",
  {
    workspaceId: workspaceId(),
    integrationId: text("integration_id").notNull(),
    /** sha256 of the cookie value. */
    id: text("id").notNull(),
    expiresAt: at("expires_at").notNull(),
    /** Deal ids (with their `updatedAt`) of the last `mode=query`, marked exported by `mode=success`. */
    queried: jsonb("queried").$type<{ id: string; updatedAt: string }[]>().notNull().default([]),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "one_c_sessions_pkey", columns: [t.workspaceId, t.integrationId, t.id] }),
    // 1C's cookie is all a request carries.
    index("one_c_sessions_id_idx").on(t.id),
    integrationFk("one_c_sessions_integration_fk", t),
  ],
);

/** Uploaded exchange files, in chunks as 1C sent them (`mode=file` appends); cleared by `init`. */
export const oneCFiles = pgTable(
  "one_c_files",
  {
    workspaceId: workspaceId(),
    integrationId: text("integration_id").notNull(),
    sessionId: text("session_id").notNull(),
    filename: text("filename").notNull(),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [
    primaryKey({
      name: "one_c_files_pkey",
      columns: [t.workspaceId, t.integrationId, t.sessionId, t.filename, t.seq],
    }),
    integrationFk("one_c_files_integration_fk", t),
  ],
);
