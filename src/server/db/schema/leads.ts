import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { contacts, deals, leadSources, sourceKind } from "./crm.ts";
import { workspaces } from "./identity.ts";

export const unsortedStatus = pgEnum("unsorted_status", ["pending", "accepted", "declined", "linked"]);

/** The person as the lead described themselves: what accepting turns into a contact. */
export interface LeadContact {
  name?: string;
  phone?: string;
  email?: string;
  telegramUsername?: string;
  telegramId?: string;
  whatsappId?: string;
  avitoUserId?: string;
  company?: string;
}

/** Incoming leads (forms, the API, messenger channels) waiting for a manager to accept, decline or link. */
export const unsortedLeads = pgTable(
  "unsorted_leads",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    channel: sourceKind("channel").notNull(),
    sourceId: text("source_id"),
    title: text("title").notNull(),
    contact: jsonb("contact").$type<LeadContact>().notNull().default({}),
    /** What the channel delivered, kept as it came (form fields, UTM, the first message…). */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: unsortedStatus("status").notNull().default("pending"),
    declineReason: text("decline_reason"),
    contactId: text("contact_id"),
    dealId: text("deal_id"),
    resolvedBy: text("resolved_by"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "unsorted_leads_pkey", columns: [t.workspaceId, t.id] }),
    index("unsorted_leads_pending_idx").on(t.workspaceId, t.createdAt).where(sql`${t.status} = 'pending'`),
    foreignKey({
      name: "unsorted_leads_source_fk",
      columns: [t.workspaceId, t.sourceId],
      foreignColumns: [leadSources.workspaceId, leadSources.id],
    }),
    foreignKey({
      name: "unsorted_leads_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({
      name: "unsorted_leads_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }),
  ],
);
