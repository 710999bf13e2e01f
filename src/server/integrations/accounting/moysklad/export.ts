// Our changes to MoySklad: a company or contact saved here updates its counterparty (or creates one), a
// deal moved to a mapped stage changes its order's state, and a won deal without an order creates one
// (setting `createOrderOnWin`). Events the sync itself caused (`actor.via = accounting`) are not sent
// back, and every write carries X-Lognex-WebHook-DisableByPrefix so MoySklad does not notify us of it.
import { and, asc, eq } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import type { Tx } from "../../../db/client.ts";
import {
  companies,
  contactCompanies,
  contacts,
  dealContacts,
  dealItems,
  deals,
  stages,
} from "../../../db/schema/index.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { defineJob } from "../../../platform/jobs.ts";
import type { Platform } from "../../../platform/platform.ts";
import { exports, moyskladSettings } from "../accounting.schemas.ts";
import {
  findIntegration,
  finishRun,
  type IntegrationRow,
  linkOf,
  loadIntegration,
  saveLink,
  startRun,
  Tally,
} from "../store.ts";
import { type Entity, type MoySkladClient, parseMoscowTime } from "./client.ts";
import { clientFor } from "./connection.ts";
import { counterpartyFromCompany, counterpartyFromContact, metaRef } from "./mapping.ts";

const TOPICS = [
  "company.created",
  "company.updated",
  "contact.created",
  "contact.updated",
  "deal.stage_changed",
  "deal.won",
];

const payload = z.object({
  workspaceId: z.string(),
  integrationId: z.string(),
  topic: z.string(),
  id: z.string(),
});

export function moyskladExportJob(platform: Platform) {
  return defineJob({
    name: "accounting.moysklad.export",
    schema: payload,
    retry: { limit: 10, delaySeconds: 60 },
    handler: (p, { log }) => exportChange(platform, p, log),
  });
}

/** Hands each change worth sending to the export job, in the transaction that dispatches the event. */
export function subscribeMoySkladExport(platform: Platform) {
  const job = moyskladExportJob(platform);
  for (const topic of TOPICS) {
    platform.outbox.subscribe(topic, async (tx: Tx, event) => {
      const actor = (event.payload as { actor?: { via?: string } }).actor;
      if (actor?.via === "accounting" || !event.workspaceId) return;
      const id = (event.payload as { id?: unknown }).id;
      if (typeof id !== "string") return;
      const integration = await activeIntegration(tx, event.workspaceId);
      if (!integration || !wants(integration, topic)) return;
      await platform.jobs.enqueue(tx, job, {
        workspaceId: event.workspaceId,
        integrationId: integration.id,
        topic,
        id,
      });
    });
  }
}

async function activeIntegration(tx: Tx, workspaceId: string) {
  const row = await findIntegration(tx, workspaceId, "moysklad");
  return row && row.status !== "disconnected" ? row : null;
}

function wants(row: IntegrationRow, topic: string) {
  const settings = moyskladSettings.parse(row.settings);
  if (topic.startsWith("company.") || topic.startsWith("contact.")) {
    return exports(settings.directions.counterparties);
  }
  return exports(settings.directions.orders) || (topic === "deal.won" && settings.createOrderOnWin);
}

export async function exportChange(platform: Platform, p: z.infer<typeof payload>, log: FastifyBaseLogger) {
  const { db } = platform.database;
  const row = await loadIntegration(db, p.workspaceId, p.integrationId);
  if (!row || row.status === "disconnected") return;
  const client = clientFor(platform, row);
  const tally = new Tally();
  const run = await startRun(db, row, "export");
  try {
    await db.transaction(async (tx) => {
      const [entity] = p.topic.split(".");
      if (entity === "company") await exportCompany(tx, client, row, p.id, tally);
      else if (entity === "contact") await exportContact(tx, client, row, p.id, tally);
      else await exportDeal(tx, client, row, p.id, p.topic, tally);
    });
    await finishRun(db, run, tally);
  } catch (err) {
    await finishRun(db, run, tally, err instanceof Error ? err.message : String(err));
    // MoySklad refusing the data (a 4xx) will refuse it again: the log shows why, and it is not retried.
    if (err instanceof ProviderError && err.permanent) return;
    log.warn({ err, topic: p.topic, id: p.id }, "exporting to MoySklad failed; retried");
    throw err;
  }
}

const updatedOf = (e: Entity) => (typeof e.updated === "string" ? parseMoscowTime(e.updated) : null);

/** Creates or updates the counterparty of a record; returns its id. */
async function pushCounterparty(
  tx: Tx,
  client: MoySkladClient,
  row: IntegrationRow,
  entity: "company" | "contact",
  recordId: string,
  body: Record<string, unknown>,
  tally: Tally,
) {
  const link = await linkOf(tx, row, entity, { recordId: recordId });
  const saved = link
    ? await client.put(`/entity/counterparty/${link.externalId}`, body)
    : await client.post("/entity/counterparty", body);
  await saveLink(tx, row, { entity, externalId: saved.id, recordId, externalUpdatedAt: updatedOf(saved) });
  tally.add(link ? "updated" : "created");
  tally.note(`${link ? "Updated" : "Created"} counterparty "${String(body.name)}"`);
  return saved.id;
}

async function exportCompany(tx: Tx, client: MoySkladClient, row: IntegrationRow, id: string, tally: Tally) {
  const [company] = await tx
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, row.workspaceId), eq(companies.id, id)));
  if (!company) return;
  return pushCounterparty(tx, client, row, "company", id, counterpartyFromCompany(company), tally);
}

async function exportContact(tx: Tx, client: MoySkladClient, row: IntegrationRow, id: string, tally: Tally) {
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, row.workspaceId), eq(contacts.id, id)));
  if (!contact) return;
  // A company's people are its contact persons in MoySklad, not counterparties of their own.
  const [employer] = await tx
    .select({ companyId: contactCompanies.companyId })
    .from(contactCompanies)
    .where(and(eq(contactCompanies.workspaceId, row.workspaceId), eq(contactCompanies.contactId, id)))
    .limit(1);
  if (employer) return;
  return pushCounterparty(tx, client, row, "contact", id, counterpartyFromContact(contact), tally);
}

/** The counterparty a deal's order is for: its company's, else its first contact's (created if needed). */
async function agentOf(
  tx: Tx,
  client: MoySkladClient,
  row: IntegrationRow,
  deal: typeof deals.$inferSelect,
  tally: Tally,
) {
  if (deal.companyId) {
    const link = await linkOf(tx, row, "company", { recordId: deal.companyId });
    return link?.externalId ?? (await exportCompany(tx, client, row, deal.companyId, tally)) ?? null;
  }
  const [contact] = await tx
    .select({ id: dealContacts.contactId })
    .from(dealContacts)
    .where(and(eq(dealContacts.workspaceId, row.workspaceId), eq(dealContacts.dealId, deal.id)))
    .limit(1);
  if (!contact) return null;
  const link = await linkOf(tx, row, "contact", { recordId: contact.id });
  return link?.externalId ?? (await exportContact(tx, client, row, contact.id, tally)) ?? null;
}

async function exportDeal(
  tx: Tx,
  client: MoySkladClient,
  row: IntegrationRow,
  id: string,
  topic: string,
  tally: Tally,
) {
  const settings = moyskladSettings.parse(row.settings);
  const [deal] = await tx
    .select()
    .from(deals)
    .where(and(eq(deals.workspaceId, row.workspaceId), eq(deals.id, id)));
  if (!deal) return;
  const base = client.baseUrl;
  const stateId = Object.entries(settings.stateMap).find(([, stageId]) => stageId === deal.stageId)?.[0];
  const state = stateId
    ? metaRef(`${base}/entity/customerorder/metadata/states/${stateId}`, "state")
    : undefined;
  const link = await linkOf(tx, row, "deal", { recordId: id });
  if (link) {
    if (!state || !exports(settings.directions.orders)) return;
    const saved = await client.put(`/entity/customerorder/${link.externalId}`, { state });
    await saveLink(tx, row, {
      entity: "deal",
      externalId: link.externalId,
      recordId: id,
      externalUpdatedAt: updatedOf(saved),
      data: { state: stateName(row, stateId) },
    });
    tally.add("updated");
    return tally.note(
      `Order ${String(saved.name ?? link.externalId)} moved to "${stateName(row, stateId) ?? stateId}"`,
    );
  }
  const [stage] = await tx
    .select({ kind: stages.kind })
    .from(stages)
    .where(and(eq(stages.workspaceId, row.workspaceId), eq(stages.id, deal.stageId)));
  if (topic !== "deal.won" || stage?.kind !== "won" || !settings.createOrderOnWin) return;
  const agent = await agentOf(tx, client, row, deal, tally);
  const organization = settings.organizationId;
  if (!agent || !organization) {
    tally.add("skipped");
    return tally.note(
      `Deal "${deal.title}": no order created — ${agent ? "no organisation in MoySklad" : "the deal has no company or contact"}`,
    );
  }
  const items = await tx
    .select()
    .from(dealItems)
    .where(and(eq(dealItems.workspaceId, row.workspaceId), eq(dealItems.dealId, id)))
    .orderBy(asc(dealItems.position));
  const positions = [];
  for (const item of items) {
    const product = item.productId ? await linkOf(tx, row, "product", { recordId: item.productId }) : null;
    if (!product) continue; // MoySklad positions name a product; a free-text line stays in the description
    positions.push({
      quantity: item.quantity,
      price: item.priceMinor,
      discount: item.discount,
      assortment: metaRef(`${base}/entity/product/${product.externalId}`, "product"),
    });
  }
  const free = items.filter((i) => !i.productId).map((i) => `${i.name} × ${i.quantity}`);
  const order = await client.post("/entity/customerorder", {
    organization: metaRef(`${base}/entity/organization/${organization}`, "organization"),
    agent: metaRef(`${base}/entity/counterparty/${agent}`, "counterparty"),
    ...(settings.storeId ? { store: metaRef(`${base}/entity/store/${settings.storeId}`, "store") } : {}),
    ...(state ? { state } : {}),
    ...(positions.length ? { positions } : {}),
    description: [`Flame CRM: ${deal.title}`, ...free].join("\n"),
  });
  await saveLink(tx, row, {
    entity: "deal",
    externalId: order.id,
    recordId: id,
    externalUpdatedAt: updatedOf(order),
    data: {
      number: typeof order.name === "string" ? order.name : null,
      state: stateName(row, stateId),
      stateId: stateId ?? null,
      sumMinor: Number(order.sum ?? deal.amountMinor),
      paidMinor: 0,
      paid: false,
    },
  });
  tally.add("created");
  tally.note(`Order ${String(order.name ?? order.id)} created for the won deal "${deal.title}"`);
}

const stateName = (row: IntegrationRow, stateId: string | undefined) =>
  ((row.remote.states ?? []) as { id: string; name: string }[]).find((s) => s.id === stateId)?.name ?? null;
