// The first pass of a sync (nothing read yet) creates records a page at a time, as an import does: one
// insert per table, with their duplicate keys and links, and no event per record (an import emits
// none either; the run's log says what came). Rows already linked — a resumed page, a company met by
// INN — and every later sync go through the services one by one (import.ts), events and all.
import { and, eq, inArray } from "drizzle-orm";
import {
  accountingLinks,
  companies,
  contactCompanies,
  contacts,
  dealContacts,
  dealItems,
  deals,
  products,
  recordKeys,
} from "../../../db/schema/index.ts";
import { recordStageEntry } from "../../../modules/deals/stage-history.ts";
import { keysOf } from "../../../modules/duplicates/keys.ts";
import { newId } from "../../../platform/ids.ts";
import { type Entity, idOfHref, parseMoscowTime } from "./client.ts";
import { type ImportContext, orderData, pipelineOf } from "./import.ts";
import { companyFromCounterparty, contactFromPerson, isPerson } from "./mapping.ts";

type Json = Record<string, unknown>;
type Link = typeof accountingLinks.$inferInsert;
type Key = typeof recordKeys.$inferInsert;

/** The page's rows that are already linked (as `entities`): those take the one-by-one path. */
async function linkedIds(ctx: ImportContext, entities: ("company" | "contact" | "deal")[], ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await ctx.tx
    .select({ id: accountingLinks.externalId })
    .from(accountingLinks)
    .where(
      and(
        eq(accountingLinks.workspaceId, ctx.row.workspaceId),
        eq(accountingLinks.integrationId, ctx.row.id),
        inArray(accountingLinks.entity, entities),
        inArray(accountingLinks.externalId, ids),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

const fullName = (c: { lastName?: string | null; firstName?: string | null; middleName?: string | null }) =>
  [c.lastName, c.firstName, c.middleName].filter(Boolean).join(" ");

/**
 * Creates the page's new counterparties (companies, their contact persons, individuals as contacts);
 * returns the rows left for the one-by-one path.
 */
export async function createCounterparties(ctx: ImportContext, rows: Entity[], persons: Map<string, Json[]>) {
  const ws = ctx.row.workspaceId;
  const linked = await linkedIds(
    ctx,
    ["company", "contact"],
    rows.map((r) => r.id),
  );
  const fresh = rows.filter((r) => !linked.has(r.id));
  const parsed = fresh.map((r) => ({ r, company: isPerson(r) ? null : companyFromCounterparty(r) }));
  const inns = parsed.flatMap((p) => (p.company?.value?.inn ? [p.company.value.inn] : []));
  const byInn = new Map(
    inns.length
      ? (
          await ctx.tx
            .select({ inn: companies.inn, id: companies.id })
            .from(companies)
            .where(and(eq(companies.workspaceId, ws), inArray(companies.inn, inns)))
        ).map((c) => [c.inn ?? "", c.id])
      : [],
  );
  const newCompanies: (typeof companies.$inferInsert)[] = [];
  const newContacts: (typeof contacts.$inferInsert)[] = [];
  const employment: (typeof contactCompanies.$inferInsert)[] = [];
  const keys: Key[] = [];
  const links: Link[] = [];
  const keysFor = (type: "company" | "contact", recordId: string, source: Parameters<typeof keysOf>[0]) =>
    keys.push(...keysOf(source).map((k) => ({ ...k, workspaceId: ws, recordType: type, recordId })));

  const addContact = (
    value: NonNullable<ReturnType<typeof contactFromPerson>["value"]>,
    company?: { id: string; name: string },
  ) => {
    const { companyIds: _c, tagIds: _t, customFields: _f, ...fields } = value;
    const id = newId();
    newContacts.push({ ...fields, workspaceId: ws, id });
    if (company) employment.push({ workspaceId: ws, contactId: id, companyId: company.id });
    keysFor("contact", id, {
      phones: value.phones,
      emails: value.emails,
      name: fullName(value),
      companyName: company?.name,
    });
    return id;
  };

  for (const { r, company } of parsed) {
    const externalUpdatedAt = parseMoscowTime(String(r.updated));
    const what = `counterparty "${String(r.name ?? r.id)}"`;
    if (!company) {
      const { value, dropped } = contactFromPerson(r);
      if (dropped.length) ctx.tally.note(`${what}: ignored invalid ${dropped.join(", ")}`);
      if (!value) {
        ctx.tally.add("failed");
        continue;
      }
      links.push({
        workspaceId: ws,
        integrationId: ctx.row.id,
        entity: "contact",
        externalId: r.id,
        recordId: addContact(value),
        externalUpdatedAt,
      });
      ctx.tally.add("created");
      continue;
    }
    const { value, dropped } = company;
    if (dropped.length) ctx.tally.note(`${what}: ignored invalid ${dropped.join(", ")}`);
    if (!value) {
      ctx.tally.add("failed");
      continue;
    }
    // A company already here (or earlier on this page) with the same INN is the same company.
    let id = value.inn ? byInn.get(value.inn) : undefined;
    if (id) ctx.tally.add("updated");
    else {
      const { tagIds: _t, customFields: _f, ...fields } = value;
      id = newId();
      newCompanies.push({ ...fields, workspaceId: ws, id });
      keysFor("company", id, {
        phones: value.phones,
        emails: value.emails,
        inn: value.inn,
        name: value.name,
      });
      if (value.inn) byInn.set(value.inn, id);
      ctx.tally.add("created");
    }
    links.push({
      workspaceId: ws,
      integrationId: ctx.row.id,
      entity: "company",
      externalId: r.id,
      recordId: id,
      externalUpdatedAt,
    });
    for (const person of persons.get(r.id) ?? []) {
      const contact = contactFromPerson(person).value;
      if (!contact) continue;
      const contactId = addContact(contact, { id, name: value.name });
      links.push({
        workspaceId: ws,
        integrationId: ctx.row.id,
        entity: "contact",
        externalId: String(person.id),
        recordId: contactId,
        externalUpdatedAt: parseMoscowTime(String(person.updated)),
      });
      ctx.tally.add("created");
    }
  }
  if (newCompanies.length) await ctx.tx.insert(companies).values(newCompanies);
  if (newContacts.length) await ctx.tx.insert(contacts).values(newContacts);
  if (employment.length) await ctx.tx.insert(contactCompanies).values(employment);
  if (keys.length) await ctx.tx.insert(recordKeys).values(keys).onConflictDoNothing();
  if (links.length) await ctx.tx.insert(accountingLinks).values(links).onConflictDoNothing();
  return rows.filter((r) => linked.has(r.id));
}

/** The positions of the page's new orders as line items, their products looked up together. */
async function positionsOfPage(ctx: ImportContext, created: { order: Entity; deal: { id: string } }[]) {
  const ws = ctx.row.workspaceId;
  const rowsOf = (order: Entity) => (order.positions as { rows?: Json[] } | undefined)?.rows ?? [];
  const productOf = (p: Json) =>
    idOfHref(String((p.assortment as { meta?: { href?: string } } | undefined)?.meta?.href ?? ""));
  const wanted = [...new Set(created.flatMap(({ order }) => rowsOf(order).map(productOf)).filter(Boolean))];
  const known = new Map(
    wanted.length
      ? (
          await ctx.tx
            .select({ externalId: accountingLinks.externalId, id: products.id, name: products.name })
            .from(accountingLinks)
            .innerJoin(
              products,
              and(
                eq(products.workspaceId, accountingLinks.workspaceId),
                eq(products.id, accountingLinks.recordId),
              ),
            )
            .where(
              and(
                eq(accountingLinks.workspaceId, ws),
                eq(accountingLinks.integrationId, ctx.row.id),
                eq(accountingLinks.entity, "product"),
                inArray(accountingLinks.externalId, wanted),
              ),
            )
        ).map((p) => [p.externalId, p])
      : [],
  );
  return created.flatMap(({ order, deal }) =>
    rowsOf(order).map((p, position) => {
      const product = known.get(productOf(p));
      return {
        workspaceId: ws,
        dealId: deal.id,
        id: newId(),
        productId: product?.id ?? null,
        name: product?.name ?? "Позиция",
        quantity: Number(p.quantity ?? 1),
        priceMinor: Math.round(Number(p.price ?? 0)),
        discount: Number(p.discount ?? 0),
        position,
      };
    }),
  );
}

/**
 * Creates the page's new orders as deals (with their positions) whose counterparty is already linked;
 * returns the rows left for the one-by-one path (linked orders, unknown counterparties, lost states).
 */
export async function createOrders(ctx: ImportContext, rows: Entity[]) {
  const ws = ctx.row.workspaceId;
  ctx.memo.pipeline ??= await pipelineOf(ctx.tx, ws, ctx.settings.pipelineId);
  const pipeline = ctx.memo.pipeline;
  if (!pipeline) return rows; // the one-by-one path logs it
  const linked = await linkedIds(
    ctx,
    ["deal"],
    rows.map((r) => r.id),
  );
  const agentOf = (o: Entity) =>
    o.agent ? idOfHref(String((o.agent as { meta: { href: string } }).meta.href)) : "";
  const agents = await ctx.tx
    .select({
      externalId: accountingLinks.externalId,
      entity: accountingLinks.entity,
      recordId: accountingLinks.recordId,
    })
    .from(accountingLinks)
    .where(
      and(
        eq(accountingLinks.workspaceId, ws),
        eq(accountingLinks.integrationId, ctx.row.id),
        inArray(accountingLinks.entity, ["company", "contact"]),
        inArray(accountingLinks.externalId, [...new Set(rows.map(agentOf).filter(Boolean))]),
      ),
    );
  const party = new Map(agents.map((a) => [a.externalId, a]));
  const names = new Map<string, string>();
  const companyIds = agents.filter((a) => a.entity === "company").map((a) => a.recordId);
  if (companyIds.length) {
    for (const c of await ctx.tx
      .select({ id: companies.id, name: companies.name })
      .from(companies)
      .where(and(eq(companies.workspaceId, ws), inArray(companies.id, companyIds)))) {
      names.set(c.id, c.name);
    }
  }
  const open = pipeline.stages.find((s) => s.kind === "open");
  const left: Entity[] = [];
  const created: { order: Entity; deal: typeof deals.$inferInsert; contactId: string | null }[] = [];
  const now = new Date();
  for (const order of rows) {
    const data = orderData(ctx, order);
    const stage =
      pipeline.stages.find(
        (s) => s.id === (data.stateId ? ctx.settings.stateMap[data.stateId] : undefined),
      ) ?? open;
    const who = party.get(agentOf(order));
    if (linked.has(order.id) || !who || !stage || stage.kind === "lost") {
      left.push(order);
      continue;
    }
    const name = who.entity === "company" ? names.get(who.recordId) : null;
    created.push({
      order,
      contactId: who.entity === "contact" ? who.recordId : null,
      deal: {
        workspaceId: ws,
        id: newId(),
        title: `Заказ ${data.number}${name ? ` — ${name}` : ""}`,
        amountMinor: data.sumMinor,
        currency: "RUB",
        pipelineId: pipeline.id,
        stageId: stage.id,
        status: stage.kind,
        closedAt: stage.kind === "open" ? null : now,
        companyId: who.entity === "company" ? who.recordId : null,
      },
    });
  }
  if (created.length === 0) return left;
  await ctx.tx.insert(deals).values(created.map((c) => c.deal));
  const contactsOf = created.flatMap((c) =>
    c.contactId ? [{ workspaceId: ws, dealId: c.deal.id, contactId: c.contactId }] : [],
  );
  if (contactsOf.length) await ctx.tx.insert(dealContacts).values(contactsOf);
  // Their stage history starts where they are, one statement per stage.
  for (const stage of pipeline.stages) {
    const ids = created.filter((c) => c.deal.stageId === stage.id).map((c) => c.deal.id);
    if (ids.length)
      await recordStageEntry(
        ctx.tx,
        ctx.actor,
        and(eq(deals.workspaceId, ws), inArray(deals.id, ids))!,
        stage,
      );
  }
  const items = await positionsOfPage(ctx, created);
  if (items.length) await ctx.tx.insert(dealItems).values(items);
  await ctx.tx.insert(accountingLinks).values(
    created.map(({ order, deal }) => ({
      workspaceId: ws,
      integrationId: ctx.row.id,
      entity: "deal" as const,
      externalId: order.id,
      recordId: deal.id,
      externalUpdatedAt: parseMoscowTime(String(order.updated)),
      data: orderData(ctx, order),
    })),
  );
  ctx.tally.add("created", created.length);
  return left;
}
