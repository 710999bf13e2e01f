import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
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
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { workspaces } from "./identity.ts";

// Every table here is tenant-owned: workspace_id leads the primary key, every unique key and index, and
// references between them are composite, so the database refuses a link into another workspace.

const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const customFields = () => jsonb("custom_fields").$type<Record<string, unknown>>().notNull().default({});

export interface Phone {
  /** E.164, e.g. +79161234567. */
  number: string;
  type: "mobile" | "work" | "home" | "other";
}
export interface Email {
  email: string;
  type: "work" | "personal" | "other";
}

export const sourceKind = pgEnum("source_kind", [
  "telegram",
  "whatsapp",
  "avito",
  "form",
  "api",
  "manual",
  "phone",
  "yandex_direct",
  "other",
]);

export const leadSources = pgTable(
  "lead_sources",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    kind: sourceKind("kind").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: "lead_sources_pkey", columns: [t.workspaceId, t.id] })],
);

export const lossReasons = pgTable(
  "loss_reasons",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: "loss_reasons_pkey", columns: [t.workspaceId, t.id] })],
);

export const tags = pgTable(
  "tags",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    color: text("color"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "tags_pkey", columns: [t.workspaceId, t.id] }),
    uniqueIndex("tags_name_key").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const stageKind = pgEnum("stage_kind", ["open", "won", "lost"]);
export type StageKind = (typeof stageKind.enumValues)[number];

export const pipelines = pgTable(
  "pipelines",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: "pipelines_pkey", columns: [t.workspaceId, t.id] })],
);

export const stages = pgTable(
  "stages",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    pipelineId: text("pipeline_id").notNull(),
    name: text("name").notNull(),
    kind: stageKind("kind").notNull(),
    position: integer("position").notNull(),
    color: text("color"),
  },
  (t) => [
    primaryKey({ name: "stages_pkey", columns: [t.workspaceId, t.id] }),
    // Lets a deal reference (pipeline, stage) together, so its stage is always one of its pipeline's.
    unique("stages_pipeline_stage_key").on(t.workspaceId, t.pipelineId, t.id),
    // At most one won and one lost stage per pipeline (at least one each is the service's rule).
    uniqueIndex("stages_one_won_key").on(t.workspaceId, t.pipelineId).where(sql`${t.kind} = 'won'`),
    uniqueIndex("stages_one_lost_key").on(t.workspaceId, t.pipelineId).where(sql`${t.kind} = 'lost'`),
    foreignKey({
      name: "stages_pipeline_fk",
      columns: [t.workspaceId, t.pipelineId],
      foreignColumns: [pipelines.workspaceId, pipelines.id],
    }).onDelete("cascade"),
  ],
);

export const companies = pgTable(
  "companies",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    legalName: text("legal_name"),
    legalForm: text("legal_form"),
    inn: text("inn"),
    kpp: text("kpp"),
    ogrn: text("ogrn"),
    legalAddress: text("legal_address"),
    actualAddress: text("actual_address"),
    bik: text("bik"),
    bankName: text("bank_name"),
    settlementAccount: text("settlement_account"),
    correspondentAccount: text("correspondent_account"),
    phones: jsonb("phones").$type<Phone[]>().notNull().default([]),
    emails: jsonb("emails").$type<Email[]>().notNull().default([]),
    website: text("website"),
    ownerId: text("owner_id"),
    customFields: customFields(),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "companies_pkey", columns: [t.workspaceId, t.id] }),
    index("companies_inn_idx").on(t.workspaceId, t.inn),
    index("companies_list_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    middleName: text("middle_name"),
    phones: jsonb("phones").$type<Phone[]>().notNull().default([]),
    emails: jsonb("emails").$type<Email[]>().notNull().default([]),
    telegramUsername: text("telegram_username"),
    telegramId: text("telegram_id"),
    whatsappId: text("whatsapp_id"),
    position: text("position"),
    sourceId: text("source_id"),
    ownerId: text("owner_id"),
    customFields: customFields(),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "contacts_pkey", columns: [t.workspaceId, t.id] }),
    index("contacts_list_idx").on(t.workspaceId, t.createdAt, t.id),
    foreignKey({
      name: "contacts_source_fk",
      columns: [t.workspaceId, t.sourceId],
      foreignColumns: [leadSources.workspaceId, leadSources.id],
    }),
  ],
);

export const contactCompanies = pgTable(
  "contact_companies",
  {
    workspaceId: text("workspace_id").notNull(),
    contactId: text("contact_id").notNull(),
    companyId: text("company_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "contact_companies_pkey", columns: [t.workspaceId, t.contactId, t.companyId] }),
    index("contact_companies_company_idx").on(t.workspaceId, t.companyId),
    foreignKey({
      name: "contact_companies_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "contact_companies_company_fk",
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }).onDelete("cascade"),
  ],
);

export const dealStatus = pgEnum("deal_status", ["open", "won", "lost"]);

export const deals = pgTable(
  "deals",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    /** Exact money: minor units (kopecks) and an ISO 4217 currency. */
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull().default("RUB"),
    pipelineId: text("pipeline_id").notNull(),
    stageId: text("stage_id").notNull(),
    /** Follows the stage's kind; stored for fast filters. */
    status: dealStatus("status").notNull().default("open"),
    lossReasonId: text("loss_reason_id"),
    sourceId: text("source_id"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmContent: text("utm_content"),
    utmTerm: text("utm_term"),
    yclid: text("yclid"),
    companyId: text("company_id"),
    ownerId: text("owner_id"),
    expectedCloseDate: date("expected_close_date"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Order within the stage on the kanban (fractional, so a move rewrites one row). */
    position: doublePrecision("position").notNull().default(0),
    stageEnteredAt: timestamp("stage_entered_at", { withTimezone: true }).notNull().defaultNow(),
    customFields: customFields(),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "deals_pkey", columns: [t.workspaceId, t.id] }),
    index("deals_board_idx").on(t.workspaceId, t.pipelineId, t.stageId, t.position),
    index("deals_list_idx").on(t.workspaceId, t.createdAt, t.id),
    foreignKey({
      name: "deals_stage_fk",
      columns: [t.workspaceId, t.pipelineId, t.stageId],
      foreignColumns: [stages.workspaceId, stages.pipelineId, stages.id],
    }),
    foreignKey({
      name: "deals_company_fk",
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }),
    foreignKey({
      name: "deals_source_fk",
      columns: [t.workspaceId, t.sourceId],
      foreignColumns: [leadSources.workspaceId, leadSources.id],
    }),
    foreignKey({
      name: "deals_loss_reason_fk",
      columns: [t.workspaceId, t.lossReasonId],
      foreignColumns: [lossReasons.workspaceId, lossReasons.id],
    }),
  ],
);

export const dealContacts = pgTable(
  "deal_contacts",
  {
    workspaceId: text("workspace_id").notNull(),
    dealId: text("deal_id").notNull(),
    contactId: text("contact_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "deal_contacts_pkey", columns: [t.workspaceId, t.dealId, t.contactId] }),
    index("deal_contacts_contact_idx").on(t.workspaceId, t.contactId),
    foreignKey({
      name: "deal_contacts_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "deal_contacts_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
  ],
);

/** Every stage a deal was in, with when it entered and left and who moved it: time-in-stage analytics. */
export const dealStageHistory = pgTable(
  "deal_stage_history",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    dealId: text("deal_id").notNull(),
    pipelineId: text("pipeline_id").notNull(),
    stageId: text("stage_id").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
    movedBy: text("moved_by"),
  },
  (t) => [
    primaryKey({ name: "deal_stage_history_pkey", columns: [t.workspaceId, t.id] }),
    index("deal_stage_history_deal_idx").on(t.workspaceId, t.dealId, t.enteredAt),
    foreignKey({
      name: "deal_stage_history_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }).onDelete("cascade"),
  ],
);

export const recordType = pgEnum("record_type", ["contact", "company", "deal"]);
export type RecordType = (typeof recordType.enumValues)[number];

const tagLink = (name: string, target: typeof contacts | typeof companies | typeof deals) =>
  pgTable(
    name,
    {
      workspaceId: text("workspace_id").notNull(),
      recordId: text("record_id").notNull(),
      tagId: text("tag_id").notNull(),
    },
    (t) => [
      primaryKey({ name: `${name}_pkey`, columns: [t.workspaceId, t.recordId, t.tagId] }),
      index(`${name}_tag_idx`).on(t.workspaceId, t.tagId),
      foreignKey({
        name: `${name}_record_fk`,
        columns: [t.workspaceId, t.recordId],
        foreignColumns: [target.workspaceId, target.id],
      }).onDelete("cascade"),
      foreignKey({
        name: `${name}_tag_fk`,
        columns: [t.workspaceId, t.tagId],
        foreignColumns: [tags.workspaceId, tags.id],
      }).onDelete("cascade"),
    ],
  );
export const contactTags = tagLink("contact_tags", contacts);
export const companyTags = tagLink("company_tags", companies);
export const dealTags = tagLink("deal_tags", deals);

export const tasks = pgTable(
  "tasks",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    dueAt: timestamp("due_at", { withTimezone: true }),
    assigneeId: text("assignee_id"),
    contactId: text("contact_id"),
    companyId: text("company_id"),
    dealId: text("deal_id"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "tasks_pkey", columns: [t.workspaceId, t.id] }),
    index("tasks_due_idx").on(t.workspaceId, t.assigneeId, t.dueAt).where(sql`${t.doneAt} is null`),
    foreignKey({
      name: "tasks_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "tasks_company_fk",
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "tasks_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }).onDelete("cascade"),
  ],
);

export const notes = pgTable(
  "notes",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    body: text("body").notNull(),
    contactId: text("contact_id"),
    companyId: text("company_id"),
    dealId: text("deal_id"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "notes_pkey", columns: [t.workspaceId, t.id] }),
    foreignKey({
      name: "notes_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "notes_company_fk",
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "notes_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }).onDelete("cascade"),
  ],
);

export const customFieldType = pgEnum("custom_field_type", [
  "text",
  "number",
  "money",
  "date",
  "boolean",
  "select",
  "multiselect",
  "url",
  "phone",
  "email",
]);
export type CustomFieldType = (typeof customFieldType.enumValues)[number];

export const customFieldDefinitions = pgTable(
  "custom_field_definitions",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    entity: recordType("entity").notNull(),
    /** The key under which values live in the record's `custom_fields`. */
    key: text("key").notNull(),
    label: text("label").notNull(),
    type: customFieldType("type").notNull(),
    options: jsonb("options").$type<string[]>().notNull().default([]),
    required: boolean("required").notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "custom_field_definitions_pkey", columns: [t.workspaceId, t.id] }),
    unique("custom_field_definitions_key").on(t.workspaceId, t.entity, t.key),
  ],
);

/** What happened to a record, written from domain events by the outbox dispatcher. */
export const timelineEvents = pgTable(
  "timeline_events",
  {
    workspaceId: workspaceId(),
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    recordType: recordType("record_type").notNull(),
    recordId: text("record_id").notNull(),
    kind: text("kind").notNull(),
    actorUserId: text("actor_user_id"),
    actorApiKeyId: text("actor_api_key_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    /** The outbox event it came from: dispatching twice must not write twice. */
    outboxId: bigint("outbox_id", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "timeline_events_pkey", columns: [t.workspaceId, t.id] }),
    index("timeline_events_record_idx").on(t.workspaceId, t.recordType, t.recordId, t.occurredAt),
    unique("timeline_events_outbox_key").on(t.workspaceId, t.outboxId, t.recordType, t.recordId, t.kind),
  ],
);
