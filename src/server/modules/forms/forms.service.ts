// Lead capture forms: their settings, and what a submission becomes (a contact and a deal, or an
// Unsorted lead). docs/forms.md keeps the decisions.
import { randomBytes } from "node:crypto";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import { adCampaigns, leadForms, leadSources } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Outbox } from "../../platform/outbox.ts";
import { type Actor, authorize, systemActor } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { createContact } from "../contacts/contacts.service.ts";
import { createDeal } from "../deals/deals.service.ts";
import { findDuplicates } from "../duplicates/keys.ts";
import { createNote } from "../notes/notes.service.ts";
import { findPipeline } from "../pipelines/pipelines.service.ts";
import { type Deps, requireMember, requireRows } from "../records/records.ts";
import { createUnsortedLead } from "../unsorted/unsorted.service.ts";
import type { FormInput, FormPatch, Submission } from "./forms.schemas.ts";

export type FormRow = typeof leadForms.$inferSelect;

/** Changing forms is managing a lead channel, like the messenger channels: owners and admins. */
const MANAGE = "integrations.manage";

/** The form as the settings page shows it, with the URLs the site needs. */
export function formView(publicUrl: string, row: FormRow) {
  const endpoint = `${publicUrl}/api/forms/${row.token}`;
  const { workspaceId: _w, createdBy: _c, ...fields } = row;
  return { ...fields, endpoint, snippetUrl: `${endpoint}/snippet.js` };
}

async function findForm(executor: Executor, actor: Actor, id: string) {
  const [row] = await executor
    .select()
    .from(leadForms)
    .where(and(inWorkspace(actor, leadForms), eq(leadForms.id, id)));
  if (!row) throw notFound("Form");
  return row;
}

/**
 * The form a public post names, whichever workspace it is in: the token is the only thing the site
 * has. Unsafe by name because it crosses workspaces; only the public routes call it.
 */
export async function unsafeFormByToken(db: Db, token: string) {
  const [row] = await db.select().from(leadForms).where(eq(leadForms.token, token));
  return row ?? null;
}

export async function listForms(db: Db, actor: Actor) {
  return db
    .select()
    .from(leadForms)
    .where(inWorkspace(actor, leadForms))
    .orderBy(asc(leadForms.createdAt), asc(leadForms.id));
}

/** 404 for a pipeline, source or assignee the workspace does not have. */
async function checkReferences(tx: Tx, actor: Actor, input: FormPatch) {
  if (input.pipelineId) await findPipeline(tx, actor, input.pipelineId);
  await requireRows(tx, leadSources, inWorkspace(actor, leadSources), [input.sourceId], "Source");
  await requireMember(tx, actor, input.assigneeId, "Assignee");
}

export async function createForm(db: Db, actor: Actor, input: FormInput) {
  authorize(actor, MANAGE);
  return db.transaction(async (tx) => {
    await checkReferences(tx, actor, input);
    const [row] = await tx
      .insert(leadForms)
      .values({
        workspaceId: actor.workspaceId,
        id: newId(),
        token: randomBytes(18).toString("base64url"),
        name: input.name,
        allowedOrigins: [...new Set(input.allowedOrigins)],
        target: input.target,
        pipelineId: input.pipelineId ?? null,
        sourceId: input.sourceId ?? null,
        assigneeId: input.assigneeId ?? null,
        createdBy: actor.personId,
      })
      .returning();
    if (!row) throw new Error("form insert returned nothing");
    return row;
  });
}

export async function updateForm(db: Db, actor: Actor, id: string, patch: FormPatch) {
  authorize(actor, MANAGE);
  return db.transaction(async (tx) => {
    await findForm(tx, actor, id);
    await checkReferences(tx, actor, patch);
    const [row] = await tx
      .update(leadForms)
      .set({
        ...patch,
        ...(patch.allowedOrigins ? { allowedOrigins: [...new Set(patch.allowedOrigins)] } : {}),
        updatedAt: new Date(),
      })
      .where(and(inWorkspace(actor, leadForms), eq(leadForms.id, id)))
      .returning();
    if (!row) throw notFound("Form");
    return row;
  });
}

/** Deletes the form: its token stops working at once (404); what it brought in stays. */
export async function deleteForm(db: Db, actor: Actor, id: string) {
  authorize(actor, MANAGE);
  const deleted = await db
    .delete(leadForms)
    .where(and(inWorkspace(actor, leadForms), eq(leadForms.id, id)))
    .returning({ id: leadForms.id });
  if (deleted.length === 0) throw notFound("Form");
}

// ---- submissions

const KNOWN = new Set([
  "name",
  "phone",
  "email",
  "message",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_content",
  "utm_term",
  "yclid",
  "referrer",
  "page_url",
  "website",
]);

/** The site's own fields beyond the known ones, as text. */
function extraFields(submission: Submission) {
  return Object.entries(submission)
    .filter(([key, value]) => !KNOWN.has(key) && value !== undefined && String(value).trim() !== "")
    .slice(0, 30)
    .map(([key, value]) => [key.slice(0, 100), String(value).trim()] as const);
}

const who = (s: Submission) => s.name ?? s.phone ?? s.email ?? "";

function splitName(name: string | undefined) {
  const full = name?.trim() ?? "";
  const space = full.indexOf(" ");
  return {
    firstName: (space < 0 ? full : full.slice(0, space)) || null,
    lastName: space < 0 ? null : full.slice(space + 1).trim() || null,
  };
}

/** The assignee if still a member of the workspace (a removed one no longer owns new leads). */
async function currentAssignee(tx: Tx, actor: Actor, form: FormRow) {
  if (!form.assigneeId) return null;
  try {
    await requireMember(tx, actor, form.assigneeId);
    return form.assigneeId;
  } catch {
    return null;
  }
}

/** What the deal's note says: the message, the site's extra fields, the landing page and referrer. */
function noteBody(form: FormRow, s: Submission) {
  const lines = [
    ...(s.message ? [s.message, ""] : []),
    ...extraFields(s).map(([k, v]) => `${k}: ${v}`),
    ...(s.page_url ? [`Страница: ${s.page_url}`] : []),
    ...(s.referrer ? [`Источник перехода: ${s.referrer}`] : []),
  ];
  return lines.length ? [`Заявка с формы «${form.name}»`, "", ...lines].join("\n").trim() : null;
}

/**
 * The lead's source: the form's, else that of the advertising campaign its `utm_campaign` names (a
 * visitor from a Direct campaign is a Direct lead), else none.
 */
async function sourceOf(tx: Tx, form: FormRow, s: Submission) {
  if (form.sourceId || !s.utm_campaign) return form.sourceId;
  const [campaign] = await tx
    .select({ sourceId: adCampaigns.sourceId })
    .from(adCampaigns)
    .where(
      and(
        eq(adCampaigns.workspaceId, form.workspaceId),
        eq(adCampaigns.utmCampaign, s.utm_campaign),
        isNotNull(adCampaigns.sourceId),
      ),
    )
    .limit(1);
  return campaign?.sourceId ?? null;
}

async function toDeal(deps: Deps & { db: Tx }, actor: Actor, form: FormRow, s: Submission) {
  const tx = deps.db;
  const ownerId = await currentAssignee(tx, actor, form);
  const sourceId = await sourceOf(tx, form, s);
  const [match] = await findDuplicates(tx, actor, "contact", {
    phones: s.phone ? [{ number: s.phone, type: "mobile" }] : [],
    emails: s.email ? [{ email: s.email, type: "work" }] : [],
  });
  const contactId =
    match?.recordId ??
    (
      await createContact(deps, actor, {
        ...splitName(s.name),
        phones: s.phone ? [{ number: s.phone, type: "mobile" }] : [],
        emails: s.email ? [{ email: s.email, type: "work" }] : [],
        sourceId,
        ownerId,
      })
    ).id;
  const deal = await createDeal(deps, actor, {
    title: `${form.name}: ${who(s)}`.slice(0, 500),
    pipelineId: form.pipelineId ?? undefined,
    sourceId,
    utmSource: s.utm_source ?? null,
    utmMedium: s.utm_medium ?? null,
    utmCampaign: s.utm_campaign ?? null,
    utmContent: s.utm_content ?? null,
    utmTerm: s.utm_term ?? null,
    yclid: s.yclid ?? null,
    ownerId,
    contactIds: [contactId],
  });
  const body = noteBody(form, s);
  if (body) await createNote(deps, actor, { body: body.slice(0, 10_000), dealId: deal.id });
  return { kind: "deal" as const, id: deal.id };
}

async function toUnsorted(deps: Deps & { db: Tx }, form: FormRow, s: Submission) {
  const { website: _honeypot, name, phone, email, ...rest } = s;
  const sourceId = await sourceOf(deps.db, form, s);
  const lead = await createUnsortedLead(
    deps,
    { workspaceId: form.workspaceId },
    {
      channel: "form",
      sourceId: sourceId ?? undefined,
      title: `${form.name}: ${who(s)}`.slice(0, 500),
      contact: {
        ...(name ? { name } : {}),
        ...(phone ? { phone } : {}),
        ...(email ? { email } : {}),
      },
      payload: { formId: form.id, formName: form.name, name, phone, email, ...rest },
    },
  );
  return { kind: "unsorted" as const, id: lead.id };
}

/** Routes a valid submission by the form's target; all of it or nothing. */
export async function submitForm(deps: { db: Db; outbox: Outbox }, form: FormRow, s: Submission) {
  const actor = systemActor(form.workspaceId, "form");
  switch (form.target) {
    case "deal":
      return deps.db.transaction((tx) => toDeal({ db: tx, outbox: deps.outbox }, actor, form, s));
    case "unsorted":
      return deps.db.transaction((tx) => toUnsorted({ db: tx, outbox: deps.outbox }, form, s));
    default:
      return form.target satisfies never;
  }
}
