import { and, count, eq, type SQL } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import { leadSources, unsortedLeads } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page } from "../../platform/pagination.ts";
import { type Actor, authorize, systemActor } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import type { ContactInput } from "../contacts/contacts.schemas.ts";
import { createContact, findContact } from "../contacts/contacts.service.ts";
import { createDeal, findDeal } from "../deals/deals.service.ts";
import { linkLeadConversation } from "../records/conversation-links.ts";
import { type Deps, emit, requireRows } from "../records/records.ts";
import type { AcceptInput, LinkInput, UnsortedInput, UnsortedListQuery } from "./unsorted.schemas.ts";

type LeadRow = typeof unsortedLeads.$inferSelect;

/**
 * Puts a lead into the workspace's unsorted inbox. Channel integrations call it with `{ workspaceId }`
 * and an input already parsed with `unsortedInput` (phone in E.164); the API calls it with the actor.
 */
export async function createUnsortedLead(
  deps: Deps,
  who: Actor | { workspaceId: string },
  input: Omit<UnsortedInput, "contact"> & { contact?: UnsortedInput["contact"] },
) {
  const actor = "role" in who ? who : systemActor(who.workspaceId);
  authorize(actor, "records.create");
  return deps.db.transaction(async (tx) => {
    await requireRows(tx, leadSources, inWorkspace(actor, leadSources), [input.sourceId], "Source");
    const [row] = await tx
      .insert(unsortedLeads)
      .values({
        workspaceId: actor.workspaceId,
        id: newId(),
        channel: input.channel,
        sourceId: input.sourceId ?? null,
        title: input.title,
        contact: input.contact ?? {},
        payload: input.payload ?? {},
      })
      .returning();
    if (!row) throw new Error("lead insert returned nothing");
    await emit(tx, deps.outbox, actor, "lead.unsorted", {
      id: row.id,
      channel: row.channel,
      title: row.title,
    });
    return row;
  });
}

/** The workspace's lead, else 404 (another workspace's alike). */
export async function findLead(executor: Executor, actor: Actor, id: string, lock = false) {
  const query = executor
    .select()
    .from(unsortedLeads)
    .where(and(inWorkspace(actor, unsortedLeads), eq(unsortedLeads.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Lead");
  return row;
}

export const getLead = (db: Db, actor: Actor, id: string) => findLead(db, actor, id);

export async function listLeads(db: Db, actor: Actor, q: UnsortedListQuery) {
  const { where, orderBy, sortValue } = keyset(
    { expr: unsortedLeads.createdAt, cast: "timestamptz" },
    unsortedLeads.id,
    "desc",
    q.cursor,
  );
  const filters: SQL[] = [
    inWorkspace(actor, unsortedLeads),
    eq(unsortedLeads.status, q.status),
    ...(q.channel ? [eq(unsortedLeads.channel, q.channel)] : []),
    ...(q.sourceId ? [eq(unsortedLeads.sourceId, q.sourceId)] : []),
  ];
  const rows = await db
    .select({ lead: unsortedLeads, sortValue })
    .from(unsortedLeads)
    .where(and(...filters, where))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  return page(
    rows.map((r) => ({ ...r.lead, sortValue: r.sortValue })),
    q.limit,
  );
}

/** Pending leads per channel and per source, for the inbox badges. */
export async function countPending(db: Db, actor: Actor) {
  const rows = await db
    .select({ channel: unsortedLeads.channel, sourceId: unsortedLeads.sourceId, n: count() })
    .from(unsortedLeads)
    .where(and(inWorkspace(actor, unsortedLeads), eq(unsortedLeads.status, "pending")))
    .groupBy(unsortedLeads.channel, unsortedLeads.sourceId);
  const byChannel: Record<string, number> = {};
  const bySource: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    total += r.n;
    byChannel[r.channel] = (byChannel[r.channel] ?? 0) + r.n;
    if (r.sourceId) bySource[r.sourceId] = (bySource[r.sourceId] ?? 0) + r.n;
  }
  return { total, byChannel, bySource };
}

/** Locks the lead; only a pending one may be resolved (409 names its current status). */
async function pendingLead(tx: Tx, actor: Actor, id: string) {
  const lead = await findLead(tx, actor, id, true);
  if (lead.status !== "pending") {
    throw new AppError("conflict", `The lead is already ${lead.status}`, { status: lead.status });
  }
  return lead;
}

async function resolve(tx: Tx, actor: Actor, id: string, fields: Partial<LeadRow>) {
  const [row] = await tx
    .update(unsortedLeads)
    .set({ ...fields, resolvedBy: actor.personId, resolvedAt: new Date() })
    .where(and(inWorkspace(actor, unsortedLeads), eq(unsortedLeads.id, id)))
    .returning();
  if (!row) throw notFound("Lead");
  return row;
}

/** The contact a chat's lead was matched to or made for, if it still exists and the actor sees it. */
async function chatContactOf(tx: Tx, actor: Actor, lead: LeadRow) {
  const id = lead.payload.contactId;
  if (typeof id !== "string") return null;
  try {
    return (await findContact(tx, actor, id)).id;
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  }
}

/** The UTM tags and yclid a lead's payload carries (web forms put them there), as the deal's fields. */
function attributionFrom(payload: Record<string, unknown>) {
  const text = (key: string) => {
    const value = payload[key];
    return typeof value === "string" && value.trim() ? value.trim().slice(0, 500) : undefined;
  };
  return {
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    utmContent: text("utm_content"),
    utmTerm: text("utm_term"),
    yclid: text("yclid"),
  };
}

/** A contact as the lead described it: the name split at its first space into first and last. */
function contactFrom(lead: LeadRow, ownerId: string | null | undefined): ContactInput {
  const c = lead.contact;
  const name = c.name?.trim() ?? "";
  const space = name.indexOf(" ");
  return {
    firstName: (space < 0 ? name : name.slice(0, space)) || null,
    lastName: space < 0 ? null : name.slice(space + 1).trim() || null,
    phones: c.phone ? [{ number: c.phone, type: "mobile" }] : [],
    emails: c.email ? [{ email: c.email, type: "work" }] : [],
    telegramUsername: c.telegramUsername ?? null,
    telegramId: c.telegramId ?? null,
    whatsappId: c.whatsappId ?? null,
    avitoUserId: c.avitoUserId ?? null,
    sourceId: lead.sourceId,
    ownerId,
  };
}

/** Turns a pending lead into a contact (or links an existing one) and a deal, all or nothing. */
export async function acceptLead(deps: Deps, actor: Actor, id: string, input: AcceptInput) {
  authorize(actor, "records.create");
  return deps.db.transaction(async (tx) => {
    const lead = await pendingLead(tx, actor, id);
    const inner: Deps = { db: tx, outbox: deps.outbox };
    // A chat's lead already has the contact its first message matched or made: no second card.
    const chatContactId = input.contactId ? null : await chatContactOf(tx, actor, lead);
    const contactId = input.contactId
      ? (await findContact(tx, actor, input.contactId)).id
      : (chatContactId ?? (await createContact(inner, actor, contactFrom(lead, input.ownerId))).id);
    const deal = await createDeal(inner, actor, {
      title: input.title ?? lead.title,
      sourceId: lead.sourceId,
      pipelineId: input.pipelineId,
      stageId: input.stageId,
      ownerId: input.ownerId,
      contactIds: [contactId],
      ...attributionFrom(lead.payload),
    });
    const row = await resolve(tx, actor, id, { status: "accepted", contactId, dealId: deal.id });
    await linkLeadConversation({ db: tx, outbox: deps.outbox }, actor, lead.payload, {
      contactId,
      dealId: deal.id,
    });
    await emit(tx, deps.outbox, actor, "lead.accepted", { id, contactId, dealId: deal.id });
    return row;
  });
}

/** Declines a pending lead; it stays, with the reason, for the reports. */
export async function declineLead(deps: Deps, actor: Actor, id: string, reason: string) {
  authorize(actor, "records.update");
  return deps.db.transaction(async (tx) => {
    await pendingLead(tx, actor, id);
    const row = await resolve(tx, actor, id, { status: "declined", declineReason: reason });
    await emit(tx, deps.outbox, actor, "lead.declined", { id, reason });
    return row;
  });
}

/** Attaches a pending lead to a contact and/or deal that already exist (a repeat enquiry). */
export async function linkLead(deps: Deps, actor: Actor, id: string, input: LinkInput) {
  authorize(actor, "records.update");
  return deps.db.transaction(async (tx) => {
    const lead = await pendingLead(tx, actor, id);
    const contactId = input.contactId ? (await findContact(tx, actor, input.contactId)).id : null;
    const dealId = input.dealId ? (await findDeal(tx, actor, input.dealId)).id : null;
    const row = await resolve(tx, actor, id, { status: "linked", contactId, dealId });
    await linkLeadConversation({ db: tx, outbox: deps.outbox }, actor, lead.payload, { contactId, dealId });
    await emit(tx, deps.outbox, actor, "lead.linked", { id, contactId, dealId });
    return row;
  });
}
