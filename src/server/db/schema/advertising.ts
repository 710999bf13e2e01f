// Advertising (Yandex Direct, Avito): the connection, its sync runs, the campaigns (Direct) and listings
// (Avito) with the lead source each maps to, their daily spend; and the web forms that capture leads
// with their UTM tags. Credentials are sealed (platform/crypto.ts).
import {
  type AnyPgColumn,
  bigint,
  date,
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
import { accountingRunStatus } from "./accounting.ts";
import { leadSources, pipelines } from "./crm.ts";
import { workspaces } from "./identity.ts";
import { integrationStatus } from "./messaging.ts";

const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const advertisingPlatform = pgEnum("advertising_platform", ["yandex_direct", "avito"]);

export const advertisingIntegrations = pgTable(
  "advertising_integrations",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    platform: advertisingPlatform("platform").notNull(),
    /** Sealed JSON: Direct `{token, clientLogin?}`; Avito `{clientId, clientSecret}`. */
    credentials: text("credentials").notNull(),
    /** Shown, never secret: Direct's client login; Avito's account id. */
    account: jsonb("account").$type<Record<string, string>>().notNull().default({}),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** The last day whose spend was imported in full (the next sync starts after it). */
    syncedThrough: date("synced_through"),
    status: integrationStatus("status").notNull().default("active"),
    lastSyncAt: at("last_sync_at"),
    lastError: text("last_error"),
    lastErrorAt: at("last_error_at"),
    createdBy: text("created_by"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "advertising_integrations_pkey", columns: [t.workspaceId, t.id] }),
    unique("advertising_integrations_platform_key").on(t.workspaceId, t.platform),
  ],
);

const integrationFk = (name: string, t: { workspaceId: AnyPgColumn; integrationId: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [t.workspaceId, t.integrationId],
    foreignColumns: [advertisingIntegrations.workspaceId, advertisingIntegrations.id],
  }).onDelete("cascade");

/** One sync: the days it read, what it stored, its error; the integration's log. */
export const advertisingRuns = pgTable(
  "advertising_runs",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    integrationId: text("integration_id").notNull(),
    status: accountingRunStatus("status").notNull().default("running"),
    dateFrom: date("date_from"),
    dateTo: date("date_to"),
    /** `{campaigns, days, rows}`. */
    counts: jsonb("counts").$type<Record<string, number>>().notNull().default({}),
    error: text("error"),
    startedAt: at("started_at").notNull().defaultNow(),
    finishedAt: at("finished_at"),
  },
  (t) => [
    primaryKey({ name: "advertising_runs_pkey", columns: [t.workspaceId, t.id] }),
    index("advertising_runs_log_idx").on(t.workspaceId, t.integrationId, t.startedAt),
    integrationFk("advertising_runs_integration_fk", t),
  ],
);

/**
 * A Direct campaign or an Avito listing, and the lead source its spend counts for. `utmCampaign` is
 * what deals carry in `utm_campaign` when they came from it (Direct: the campaign id by default).
 */
export const adCampaigns = pgTable(
  "ad_campaigns",
  {
    workspaceId: workspaceId(),
    integrationId: text("integration_id").notNull(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    utmCampaign: text("utm_campaign"),
    sourceId: text("source_id"),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "ad_campaigns_pkey", columns: [t.workspaceId, t.integrationId, t.externalId] }),
    integrationFk("ad_campaigns_integration_fk", t),
    foreignKey({
      name: "ad_campaigns_source_fk",
      columns: [t.workspaceId, t.sourceId],
      foreignColumns: [leadSources.workspaceId, leadSources.id],
    }),
  ],
);

/** Spend and reach of one campaign or listing on one day; re-imported days replace their row. */
export const adSpend = pgTable(
  "ad_spend",
  {
    workspaceId: workspaceId(),
    integrationId: text("integration_id").notNull(),
    externalId: text("external_id").notNull(),
    day: date("day").notNull(),
    costMinor: bigint("cost_minor", { mode: "number" }).notNull().default(0),
    impressions: integer("impressions").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    /** Avito: views, contacts and favourites of the listing. */
    views: integer("views").notNull().default(0),
    contacts: integer("contacts").notNull().default(0),
    favorites: integer("favorites").notNull().default(0),
  },
  (t) => [
    primaryKey({ name: "ad_spend_pkey", columns: [t.workspaceId, t.integrationId, t.externalId, t.day] }),
    index("ad_spend_day_idx").on(t.workspaceId, t.day),
    integrationFk("ad_spend_integration_fk", t),
  ],
);

export const leadFormTarget = pgEnum("lead_form_target", ["deal", "unsorted"]);

/** A form on the workspace's site: posts to `/api/forms/:token` become deals or Unsorted leads. */
export const leadForms = pgTable(
  "lead_forms",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    /** Public: it is in the site's HTML. Identifies the form, proves nothing more. */
    token: text("token").notNull(),
    name: text("name").notNull(),
    /** Origins whose pages may post (CORS), e.g. `https://shop.example.ru`. */
    allowedOrigins: jsonb("allowed_origins").$type<string[]>().notNull().default([]),
    target: leadFormTarget("target").notNull().default("unsorted"),
    pipelineId: text("pipeline_id"),
    sourceId: text("source_id"),
    /** Where submissions go: a member, checked by the service. */
    assigneeId: text("assignee_id"),
    createdBy: text("created_by"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "lead_forms_pkey", columns: [t.workspaceId, t.id] }),
    unique("lead_forms_token_key").on(t.token),
    foreignKey({
      name: "lead_forms_pipeline_fk",
      columns: [t.workspaceId, t.pipelineId],
      foreignColumns: [pipelines.workspaceId, pipelines.id],
    }),
    foreignKey({
      name: "lead_forms_source_fk",
      columns: [t.workspaceId, t.sourceId],
      foreignColumns: [leadSources.workspaceId, leadSources.id],
    }),
  ],
);
