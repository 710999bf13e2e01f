// A file 1C uploaded, imported in a job while 1C repeats `mode=import` and reads `progress`: the catalog
// (import.xml: products, counterparties; offers.xml: prices and stock) and order files (statuses and
// payments of the deals we sent). The whole file goes in one transaction: a malformed or truncated file
// fails with its reason and leaves nothing half-imported.
import { and, eq } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import { companyCreateInput } from "../../../../common/companies.ts";
import { contactInput } from "../../../../common/contacts.ts";
import type { Tx } from "../../../db/client.ts";
import { companies, deals, products } from "../../../db/schema/index.ts";
import { createCompany } from "../../../modules/companies/companies.service.ts";
import { createContact } from "../../../modules/contacts/contacts.service.ts";
import { moveDealsInTx } from "../../../modules/deals/deals.service.ts";
import { newId } from "../../../platform/ids.ts";
import { defineJob } from "../../../platform/jobs.ts";
import type { Platform } from "../../../platform/platform.ts";
import { type Actor, systemActor } from "../../../platform/policy.ts";
import { type OneCSettings, oneCSettings } from "../accounting.schemas.ts";
import { pipelineOf } from "../moysklad/import.ts";
import { lenientParse } from "../moysklad/mapping.ts";
import {
  findRun,
  finishRun,
  type IntegrationRow,
  linkOf,
  loadIntegration,
  saveLink,
  saveProgress,
  Tally,
  updateIntegration,
} from "../store.ts";
import {
  type CmlCounterparty,
  type CmlDocument,
  type CmlItem,
  CommerceMlError,
  parseCommerceMl,
} from "./commerceml.ts";
import { hasFile, readFile, unpackArchives } from "./files.ts";
import { UnsafeArchiveError } from "./zip.ts";

const payload = z.object({ workspaceId: z.string(), integrationId: z.string(), runId: z.string() });
/** Progress is saved every this many items (on its own connection, so 1C sees it while the import runs). */
const PROGRESS_EVERY = 500;

export function oneCImportJob(platform: Platform) {
  return defineJob({
    name: "accounting.one_c.import",
    schema: payload,
    retry: { limit: 2, delaySeconds: 5 },
    expireInSeconds: 60 * 60,
    handler: (p, { log }) => importFile(platform, p, log),
  });
}

interface Context {
  tx: Tx;
  platform: Platform;
  actor: Actor;
  row: IntegrationRow;
  settings: OneCSettings;
  tally: Tally;
  /** The price type whose prices become the products' (the first one the file names). */
  priceTypeId: string | null;
}

export async function importFile(platform: Platform, p: z.infer<typeof payload>, log: FastifyBaseLogger) {
  const { db } = platform.database;
  const row = await loadIntegration(db, p.workspaceId, p.integrationId);
  const run = await findRun(db, p.workspaceId, p.runId);
  if (!row || !run || run.status !== "running" || !run.sessionId || !run.filename) return;
  const session = { row, sessionId: run.sessionId };
  const tally = new Tally();
  try {
    await db.transaction(async (tx) => {
      if (!(await hasFile(tx, session, run.filename!))) await unpackArchives(tx, session);
      if (!(await hasFile(tx, session, run.filename!))) {
        throw new CommerceMlError(`The file ${run.filename} was not uploaded`);
      }
      const ctx: Context = {
        tx,
        platform,
        actor: systemActor(row.workspaceId, "accounting"),
        row,
        settings: oneCSettings.parse(row.settings),
        tally,
        priceTypeId: null,
      };
      let done = 0;
      for await (const item of parseCommerceMl(readFile(tx, session, run.filename!))) {
        await apply(ctx, item);
        done += 1;
        if (done % PROGRESS_EVERY === 0)
          await saveProgress(db, run, { phase: run.filename!, done, total: null }, tally);
      }
    });
    // Together: whoever sees the run finished also sees the integration's last sync.
    await db.transaction(async (tx) => {
      await updateIntegration(tx, row, {
        lastSyncAt: new Date(),
        status: "active",
        lastError: null,
        lastErrorAt: null,
      });
      await finishRun(tx, run, tally);
    });
  } catch (err) {
    const expected = err instanceof CommerceMlError || err instanceof UnsafeArchiveError;
    const message = err instanceof Error ? err.message : String(err);
    if (!expected) log.error({ err, file: run.filename }, "a 1C import failed");
    // Nothing of the file was kept (one transaction); the log says why.
    await finishRun(db, run, new Tally(), `${run.filename}: ${message}`);
    await updateIntegration(db, row, { lastError: `${run.filename}: ${message}`, lastErrorAt: new Date() });
  }
}

async function apply(ctx: Context, item: CmlItem) {
  switch (item.kind) {
    case "priceType":
      ctx.priceTypeId ??= item.id;
      return;
    case "product":
      if (ctx.settings.importProducts) {
        await saveProduct(ctx, item.id, { name: item.name, article: item.article, unit: item.unit });
      }
      return;
    case "offer":
      if (ctx.settings.importProducts) await applyOffer(ctx, item);
      return;
    case "counterparty":
      if (ctx.settings.importCounterparties) await saveCounterparty(ctx, item);
      return;
    case "document":
      await applyDocument(ctx, item);
      return;
    default:
      return;
  }
}

async function saveProduct(
  ctx: Context,
  externalId: string,
  fields: Partial<Pick<typeof products.$inferInsert, "name" | "article" | "unit" | "priceMinor" | "stock">>,
) {
  const link = await linkOf(ctx.tx, ctx.row, "product", externalId);
  const values = { ...fields, updatedAt: new Date() };
  const id = link?.recordId ?? newId();
  if (link) {
    await ctx.tx
      .update(products)
      .set(values)
      .where(and(eq(products.workspaceId, ctx.row.workspaceId), eq(products.id, id)));
  } else {
    await ctx.tx
      .insert(products)
      .values({ workspaceId: ctx.row.workspaceId, id, name: fields.name ?? externalId, ...values });
    await saveLink(ctx.tx, ctx.row, { entity: "product", externalId, recordId: id });
  }
  ctx.tally.add(link ? "updated" : "created");
}

/** offers.xml: the price (of the first price type) and the stock; a `product#variant` offer is a product of its own. */
async function applyOffer(ctx: Context, offer: Extract<CmlItem, { kind: "offer" }>) {
  const price = offer.prices.find((p) => p.priceTypeId === ctx.priceTypeId) ?? offer.prices[0];
  const fields = {
    ...(price ? { priceMinor: price.amountMinor } : {}),
    ...(offer.quantity !== null ? { stock: offer.quantity } : {}),
  };
  if (offer.id !== offer.productId) {
    return saveProduct(ctx, offer.id, { name: offer.name ?? offer.id, ...fields });
  }
  if (!(await linkOf(ctx.tx, ctx.row, "product", offer.id))) {
    ctx.tally.add("skipped");
    return ctx.tally.note(`Offer ${offer.id}: no such product in import.xml; skipped`);
  }
  await saveProduct(ctx, offer.id, fields);
}

async function saveCounterparty(ctx: Context, c: CmlCounterparty) {
  const entity = c.isPerson ? "contact" : "company";
  if (await linkOf(ctx.tx, ctx.row, entity, c.id)) return ctx.tally.add("skipped");
  const deps = { db: ctx.tx, outbox: ctx.platform.outbox };
  const phones = c.phones.map((number) => ({ number, type: "work" }));
  const emails = c.emails.map((email) => ({ email, type: "work" }));
  let recordId: string;
  if (entity === "company") {
    const { value, dropped } = lenientParse(companyCreateInput, {
      name: c.name,
      legalName: c.fullName,
      inn: c.inn,
      kpp: c.kpp,
      legalAddress: c.address,
      phones,
      emails,
    });
    if (dropped.length) ctx.tally.note(`Counterparty "${c.name}": ignored invalid ${dropped.join(", ")}`);
    if (!value) return ctx.tally.add("failed");
    const [same] = value.inn
      ? await ctx.tx
          .select({ id: companies.id })
          .from(companies)
          .where(and(eq(companies.workspaceId, ctx.row.workspaceId), eq(companies.inn, value.inn)))
          .limit(1)
      : [];
    recordId = same?.id ?? (await createCompany(deps, ctx.actor, value)).id;
    ctx.tally.add(same ? "updated" : "created");
  } else {
    const { value } = lenientParse(contactInput, {
      lastName: c.lastName ?? c.name,
      firstName: c.firstName,
      middleName: c.middleName,
      phones,
      emails,
    });
    if (!value) return ctx.tally.add("failed");
    recordId = (await createContact(deps, ctx.actor, value)).id;
    ctx.tally.add("created");
  }
  await saveLink(ctx.tx, ctx.row, { entity, externalId: c.id, recordId });
}

/**
 * An order from 1C: one of the deals we sent (its Ид is the deal's id). Its status moves the deal to
 * the mapped stage, and a payment marks it paid (and moves it to the paid stage, if one is set).
 */
async function applyDocument(ctx: Context, doc: CmlDocument) {
  const link = await linkOf(ctx.tx, ctx.row, "deal", doc.id);
  const dealId = link?.recordId ?? doc.id;
  const [deal] = await ctx.tx
    .select({ id: deals.id, stageId: deals.stageId, title: deals.title })
    .from(deals)
    .where(and(eq(deals.workspaceId, ctx.row.workspaceId), eq(deals.id, dealId)));
  if (!deal) {
    ctx.tally.add("skipped");
    return ctx.tally.note(`Order ${doc.number ?? doc.id}: not a deal of this CRM; skipped`);
  }
  const pipeline = await pipelineOf(ctx.tx, ctx.row.workspaceId, ctx.settings.pipelineId);
  const target =
    (doc.paid && ctx.settings.paidStageId) || (doc.status ? ctx.settings.statusMap[doc.status] : undefined);
  const stage = pipeline?.stages.find((s) => s.id === target);
  if (doc.status && !stage && !doc.paid)
    ctx.tally.note(`Order ${doc.number ?? doc.id}: status "${doc.status}" is not mapped to a stage`);
  if (stage && stage.id !== deal.stageId) {
    if (stage.kind === "lost") {
      ctx.tally.note(
        `Deal "${deal.title}": 1C says "${doc.status}", a lost stage needs a loss reason; not moved`,
      );
    } else {
      await moveDealsInTx(
        ctx.tx,
        { db: ctx.tx, outbox: ctx.platform.outbox },
        ctx.actor,
        [deal.id],
        stage.id,
      );
    }
  }
  await saveLink(ctx.tx, ctx.row, {
    entity: "deal",
    externalId: doc.id,
    recordId: deal.id,
    data: {
      number: doc.number,
      state: doc.status,
      sumMinor: doc.amountMinor,
      ...(doc.paid !== null ? { paid: doc.paid, paidMinor: doc.paid ? doc.amountMinor : 0 } : {}),
      ...(doc.paidAt ? { paidAt: doc.paidAt } : {}),
    },
  });
  ctx.tally.add("updated");
}
