// One MoySklad entity into our records, inside the caller's transaction: counterparties become companies
// (with their contact persons) or contacts, customer orders become deals with their positions, products
// become products. Links make it idempotent; the newer `updated` wins a conflict, and the log says so.
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.ts";
import {
  companies,
  contacts,
  deals,
  lossReasons,
  pipelines,
  products,
  stages,
} from "../../../db/schema/index.ts";
import { createCompany, updateCompany } from "../../../modules/companies/companies.service.ts";
import { createContact, updateContact } from "../../../modules/contacts/contacts.service.ts";
import { createDeal, moveDealsInTx, updateDeal } from "../../../modules/deals/deals.service.ts";
import { newId } from "../../../platform/ids.ts";
import type { Outbox } from "../../../platform/outbox.ts";
import type { Actor } from "../../../platform/policy.ts";
import type { MoyskladSettings } from "../accounting.schemas.ts";
import { replaceDealItems } from "../deal-items.ts";
import { type IntegrationRow, linkOf, saveLink, type Tally } from "../store.ts";
import { type Entity, idOfHref, parseMoscowTime } from "./client.ts";
import { companyFromCounterparty, contactFromPerson, isPerson } from "./mapping.ts";

type Json = Record<string, unknown>;

export interface ImportContext {
  tx: Tx;
  outbox: Outbox;
  actor: Actor;
  row: IntegrationRow;
  settings: MoyskladSettings;
  tally: Tally;
  /** Read once per page (shared by the rows' copies of the context). */
  memo: { pipeline?: Awaited<ReturnType<typeof pipelineOf>> };
}

const deps = (ctx: ImportContext) => ({ db: ctx.tx, outbox: ctx.outbox });
const nameOf = (e: Entity) => (typeof e.name === "string" ? e.name : e.id);

/**
 * What to do with a linked record: `skip` when MoySklad has nothing newer than what we have, `keep`
 * when ours changed after the last sync and later than theirs (a conflict, logged), else `apply`.
 */
function decide(
  link: { externalUpdatedAt: Date | null; syncedAt: Date },
  localUpdatedAt: Date,
  remoteUpdated: Date,
): "skip" | "keep" | "apply" {
  if (link.externalUpdatedAt && link.externalUpdatedAt.getTime() >= remoteUpdated.getTime()) return "skip";
  if (localUpdatedAt > link.syncedAt && localUpdatedAt > remoteUpdated) return "keep";
  return "apply";
}

const conflictNote = (what: string, local: Date, remote: Date) =>
  `Conflict on ${what}: changed in the CRM at ${local.toISOString()}, in MoySklad at ${remote.toISOString()}; the newer CRM version was kept`;

function noteDropped(ctx: ImportContext, what: string, dropped: string[]) {
  if (dropped.length) ctx.tally.note(`${what}: ignored invalid ${dropped.join(", ")}`);
}

/** A counterparty → a company or a contact; a company's contact persons come in `persons`. */
export async function importCounterparty(ctx: ImportContext, c: Entity, persons: Json[] = []) {
  const remoteUpdated = parseMoscowTime(String(c.updated));
  const entity = isPerson(c) ? "contact" : "company";
  const what = `counterparty "${nameOf(c)}"`;
  const link = await linkOf(ctx.tx, ctx.row, entity, c.id);
  let recordId = link?.recordId ?? null;
  if (entity === "company") {
    const { value, dropped } = companyFromCounterparty(c);
    noteDropped(ctx, what, dropped);
    if (!value) return ctx.tally.add("failed");
    if (link) {
      const [local] = await ctx.tx
        .select({ updatedAt: companies.updatedAt })
        .from(companies)
        .where(and(eq(companies.workspaceId, ctx.row.workspaceId), eq(companies.id, link.recordId)));
      const verdict = local ? decide(link, local.updatedAt, remoteUpdated) : "apply";
      if (verdict === "skip") return ctx.tally.add("skipped");
      if (verdict === "keep") {
        ctx.tally.add("conflicts");
        return ctx.tally.note(conflictNote(what, local!.updatedAt, remoteUpdated));
      }
      if (local) {
        await updateCompany(deps(ctx), ctx.actor, link.recordId, value);
        ctx.tally.add("updated");
      } else recordId = null; // deleted here: created again below
    }
    if (!recordId) {
      // A company already here with the same INN is the same company: link it rather than duplicate it.
      const [same] = value.inn
        ? await ctx.tx
            .select({ id: companies.id })
            .from(companies)
            .where(and(eq(companies.workspaceId, ctx.row.workspaceId), eq(companies.inn, value.inn)))
            .limit(1)
        : [];
      recordId = same?.id ?? (await createCompany(deps(ctx), ctx.actor, value)).id;
      ctx.tally.add(same ? "updated" : "created");
    }
    await saveLink(ctx.tx, ctx.row, { entity, externalId: c.id, recordId, externalUpdatedAt: remoteUpdated });
    for (const person of persons) await importContactPerson(ctx, person, recordId);
    return;
  }
  const { value, dropped } = contactFromPerson(c);
  noteDropped(ctx, what, dropped);
  if (!value) return ctx.tally.add("failed");
  recordId = await upsertContact(ctx, link, value, remoteUpdated, what);
  if (recordId) {
    await saveLink(ctx.tx, ctx.row, { entity, externalId: c.id, recordId, externalUpdatedAt: remoteUpdated });
  }
}

async function upsertContact(
  ctx: ImportContext,
  link: Awaited<ReturnType<typeof linkOf>>,
  value: NonNullable<ReturnType<typeof contactFromPerson>["value"]>,
  remoteUpdated: Date,
  what: string,
): Promise<string | null> {
  if (link) {
    const [local] = await ctx.tx
      .select({ updatedAt: contacts.updatedAt })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ctx.row.workspaceId), eq(contacts.id, link.recordId)));
    if (local) {
      const verdict = decide(link, local.updatedAt, remoteUpdated);
      if (verdict === "skip") {
        ctx.tally.add("skipped");
        return null;
      }
      if (verdict === "keep") {
        ctx.tally.add("conflicts");
        ctx.tally.note(conflictNote(what, local.updatedAt, remoteUpdated));
        return null;
      }
      await updateContact(deps(ctx), ctx.actor, link.recordId, value);
      ctx.tally.add("updated");
      return link.recordId;
    }
  }
  const created = await createContact(deps(ctx), ctx.actor, value);
  ctx.tally.add("created");
  return created.id;
}

async function importContactPerson(ctx: ImportContext, person: Json, companyId: string) {
  const id = String(person.id);
  const remoteUpdated = parseMoscowTime(String(person.updated));
  const { value } = contactFromPerson(person, companyId);
  if (!value) return;
  const link = await linkOf(ctx.tx, ctx.row, "contact", id);
  const recordId = await upsertContact(
    ctx,
    link,
    value,
    remoteUpdated,
    `contact person "${String(person.name)}"`,
  );
  if (recordId) {
    await saveLink(ctx.tx, ctx.row, {
      entity: "contact",
      externalId: id,
      recordId,
      externalUpdatedAt: remoteUpdated,
    });
  }
}

/** The pipeline orders go to and its stages, in board order. */
export async function pipelineOf(tx: Tx, workspaceId: string, pipelineId: string | null) {
  const [pipeline] = await tx
    .select({ id: pipelines.id })
    .from(pipelines)
    .where(
      and(
        eq(pipelines.workspaceId, workspaceId),
        pipelineId ? eq(pipelines.id, pipelineId) : eq(pipelines.isDefault, true),
      ),
    )
    .limit(1);
  if (!pipeline) return null;
  const list = await tx
    .select()
    .from(stages)
    .where(and(eq(stages.workspaceId, workspaceId), eq(stages.pipelineId, pipeline.id)))
    .orderBy(asc(stages.position));
  return { id: pipeline.id, stages: list };
}

/** A customer order → a deal in the mapped stage, for the order's counterparty, with its positions. */
export async function importOrder(
  ctx: ImportContext,
  order: Entity,
  fetchCounterparty: (id: string) => Promise<Entity>,
) {
  const remoteUpdated = parseMoscowTime(String(order.updated));
  const what = `order ${nameOf(order)}`;
  ctx.memo.pipeline ??= await pipelineOf(ctx.tx, ctx.row.workspaceId, ctx.settings.pipelineId);
  const { pipeline } = ctx.memo;
  if (!pipeline) {
    ctx.tally.add("failed");
    return ctx.tally.note(`${what}: the pipeline for orders no longer exists; choose one in the settings`);
  }
  const data = orderData(ctx, order);
  const stage =
    pipeline.stages.find((s) => s.id === (data.stateId ? ctx.settings.stateMap[data.stateId] : undefined)) ??
    null;

  const link = await linkOf(ctx.tx, ctx.row, "deal", order.id);
  if (link) {
    const [local] = await ctx.tx
      .select({ updatedAt: deals.updatedAt, stageId: deals.stageId })
      .from(deals)
      .where(and(eq(deals.workspaceId, ctx.row.workspaceId), eq(deals.id, link.recordId)));
    if (local) {
      const verdict = decide(link, local.updatedAt, remoteUpdated);
      if (verdict === "skip") return ctx.tally.add("skipped");
      if (verdict === "keep") {
        ctx.tally.add("conflicts");
        return ctx.tally.note(conflictNote(what, local.updatedAt, remoteUpdated));
      }
      await updateDeal(deps(ctx), ctx.actor, link.recordId, { amountMinor: data.sumMinor });
      if (stage && stage.id !== local.stageId) await moveTo(ctx, link.recordId, stage, what);
      await savePositions(ctx, link.recordId, order);
      await saveLink(ctx.tx, ctx.row, {
        entity: "deal",
        externalId: order.id,
        recordId: link.recordId,
        externalUpdatedAt: remoteUpdated,
        data,
      });
      return ctx.tally.add("updated");
    }
  }

  const agentId = order.agent
    ? idOfHref(String((order.agent as { meta: { href: string } }).meta.href))
    : null;
  const party = agentId ? await partyOf(ctx, agentId, fetchCounterparty) : null;
  const open = pipeline.stages.find((s) => s.kind === "open")!;
  const target = stage ?? open;
  const created = await createDeal(deps(ctx), ctx.actor, {
    title: `Заказ ${data.number}${party?.name ? ` — ${party.name}` : ""}`,
    amountMinor: data.sumMinor,
    currency: "RUB",
    pipelineId: pipeline.id,
    stageId: target.kind === "lost" ? open.id : target.id,
    ...(party?.entity === "company" ? { companyId: party.recordId } : {}),
    ...(party?.entity === "contact" ? { contactIds: [party.recordId] } : {}),
  });
  if (target.kind === "lost") await moveTo(ctx, created.id, target, what);
  await savePositions(ctx, created.id, order);
  await saveLink(ctx.tx, ctx.row, {
    entity: "deal",
    externalId: order.id,
    recordId: created.id,
    externalUpdatedAt: remoteUpdated,
    data,
  });
  ctx.tally.add("created");
}

/** What the deal card shows of an order (kept in its link). */
export function orderData(ctx: Pick<ImportContext, "row">, order: Entity) {
  const stateId = order.state
    ? idOfHref(String((order.state as { meta: { href: string } }).meta.href))
    : null;
  const states = (ctx.row.remote.states ?? []) as { id: string; name: string }[];
  const sum = Number(order.sum ?? 0);
  const paid = Number(order.payedSum ?? 0);
  return {
    number: nameOf(order),
    state: states.find((s) => s.id === stateId)?.name ?? null,
    stateId,
    sumMinor: sum,
    paidMinor: paid,
    paid: sum > 0 && paid >= sum,
  };
}

/** A lost stage needs a loss reason: the workspace's first. */
async function moveTo(ctx: ImportContext, dealId: string, stage: { id: string; kind: string }, what: string) {
  let reason: string | null = null;
  if (stage.kind === "lost") {
    const [first] = await ctx.tx
      .select({ id: lossReasons.id })
      .from(lossReasons)
      .where(eq(lossReasons.workspaceId, ctx.row.workspaceId))
      .limit(1);
    if (!first) return ctx.tally.note(`${what}: not moved to a lost stage, the workspace has no loss reason`);
    reason = first.id;
  }
  await moveDealsInTx(ctx.tx, deps(ctx), ctx.actor, [dealId], stage.id, reason);
}

/** The order's counterparty as our record; imported on the spot when the sync has not met it yet. */
async function partyOf(ctx: ImportContext, counterpartyId: string, fetch: (id: string) => Promise<Entity>) {
  const company = await linkOf(ctx.tx, ctx.row, "company", counterpartyId);
  if (company) {
    const [found] = await ctx.tx
      .select({ name: companies.name })
      .from(companies)
      .where(and(eq(companies.workspaceId, ctx.row.workspaceId), eq(companies.id, company.recordId)));
    return { entity: "company" as const, recordId: company.recordId, name: found?.name ?? null };
  }
  const contact = await linkOf(ctx.tx, ctx.row, "contact", counterpartyId);
  if (contact) {
    const [found] = await ctx.tx
      .select({ last: contacts.lastName, first: contacts.firstName })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ctx.row.workspaceId), eq(contacts.id, contact.recordId)));
    const name = [found?.last, found?.first].filter(Boolean).join(" ") || null;
    return { entity: "contact" as const, recordId: contact.recordId, name };
  }
  const counterparty = await fetch(counterpartyId);
  await importCounterparty(ctx, counterparty);
  for (const entity of ["company", "contact"] as const) {
    const link = await linkOf(ctx.tx, ctx.row, entity, counterpartyId);
    if (link) return { entity, recordId: link.recordId, name: nameOf(counterparty) };
  }
  return null;
}

/** The order's positions as line items (when it was read with `expand=positions`), else null. */
async function positionsOf(ctx: ImportContext, order: Entity) {
  const rows = (order.positions as { rows?: Json[] } | undefined)?.rows;
  if (!rows) return null;
  const items = [];
  for (const p of rows) {
    const href = String((p.assortment as { meta?: { href?: string } } | undefined)?.meta?.href ?? "");
    const link = href ? await linkOf(ctx.tx, ctx.row, "product", idOfHref(href)) : null;
    const [product] = link
      ? await ctx.tx
          .select({ name: products.name })
          .from(products)
          .where(and(eq(products.workspaceId, ctx.row.workspaceId), eq(products.id, link.recordId)))
      : [];
    items.push({
      productId: product ? link!.recordId : null,
      name: product?.name ?? "Позиция",
      quantity: Number(p.quantity ?? 1),
      priceMinor: Math.round(Number(p.price ?? 0)),
      discount: Number(p.discount ?? 0),
    });
  }
  return items;
}

async function savePositions(ctx: ImportContext, dealId: string, order: Entity) {
  const items = await positionsOf(ctx, order);
  if (items) await replaceDealItems(ctx.tx, ctx.row.workspaceId, dealId, items);
}

/** A product, read-only here: kept in `products`, linked by MoySklad's id. */
export async function importProduct(ctx: ImportContext, p: Entity) {
  const remoteUpdated = parseMoscowTime(String(p.updated));
  const link = await linkOf(ctx.tx, ctx.row, "product", p.id);
  if (link?.externalUpdatedAt && link.externalUpdatedAt >= remoteUpdated) return ctx.tally.add("skipped");
  const salePrice = (p.salePrices as { value?: number }[] | undefined)?.[0]?.value;
  const values = {
    name: nameOf(p),
    article: typeof p.article === "string" ? p.article : null,
    unit: null,
    priceMinor: typeof salePrice === "number" ? Math.round(salePrice) : null,
    archived: p.archived === true,
    updatedAt: new Date(),
  };
  const id = link?.recordId ?? newId();
  await ctx.tx
    .insert(products)
    .values({ workspaceId: ctx.row.workspaceId, id, ...values })
    .onConflictDoUpdate({ target: [products.workspaceId, products.id], set: values });
  await saveLink(ctx.tx, ctx.row, {
    entity: "product",
    externalId: p.id,
    recordId: id,
    externalUpdatedAt: remoteUpdated,
  });
  ctx.tally.add(link ? "updated" : "created");
}
