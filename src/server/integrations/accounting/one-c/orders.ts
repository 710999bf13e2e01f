// `mode=query` and `mode=success` of the sale exchange: the deals in the export stages that 1C has not
// confirmed since their last change, as CommerceML orders; confirmed ones are marked with the version
// sent, so a deal changed later is offered again.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import {
  accountingLinks,
  companies,
  contacts,
  dealContacts,
  dealItems,
  deals,
  oneCSessions,
} from "../../../db/schema/index.ts";
import type { Platform } from "../../../platform/platform.ts";
import { oneCSettings } from "../accounting.schemas.ts";
import { itemSum } from "../deal-items.ts";
import { type IntegrationRow, saveLink } from "../store.ts";
import { type ExportOrder, ordersXml } from "./orders-xml.ts";

/** Orders per query: 1C takes the rest at its next exchange. */
const BATCH = 500;

interface Session {
  row: IntegrationRow;
  sessionId: string;
}

export async function queryOrders(platform: Platform, session: Session) {
  const { db } = platform.database;
  const { row } = session;
  const settings = oneCSettings.parse(row.settings);
  const rows = settings.exportStageIds.length
    ? await db
        .select({ deal: deals })
        .from(deals)
        .leftJoin(
          accountingLinks,
          and(
            eq(accountingLinks.workspaceId, deals.workspaceId),
            eq(accountingLinks.integrationId, row.id),
            eq(accountingLinks.entity, "deal"),
            eq(accountingLinks.recordId, deals.id),
          ),
        )
        .where(
          and(
            eq(deals.workspaceId, row.workspaceId),
            inArray(deals.stageId, settings.exportStageIds),
            sql`(${accountingLinks.data}->>'exportedUpdatedAt' is null or date_trunc('milliseconds', ${deals.updatedAt}) > (${accountingLinks.data}->>'exportedUpdatedAt')::timestamptz)`,
          ),
        )
        .orderBy(asc(deals.updatedAt))
        .limit(BATCH)
    : [];
  const orders: ExportOrder[] = [];
  for (const { deal } of rows) orders.push(await exportOrder(db, row, deal));
  await db
    .update(oneCSessions)
    .set({ queried: rows.map(({ deal }) => ({ id: deal.id, updatedAt: deal.updatedAt.toISOString() })) })
    .where(
      and(
        eq(oneCSessions.workspaceId, row.workspaceId),
        eq(oneCSessions.integrationId, row.id),
        eq(oneCSessions.id, session.sessionId),
      ),
    );
  return {
    xml: ordersXml(orders, { encoding: settings.encoding }),
    charset: settings.encoding,
  };
}

/** `mode=success`: what the session's last query returned is now in 1C. */
export async function markExported(db: Db, session: Session) {
  const [found] = await db
    .select({ queried: oneCSessions.queried })
    .from(oneCSessions)
    .where(
      and(
        eq(oneCSessions.workspaceId, session.row.workspaceId),
        eq(oneCSessions.integrationId, session.row.id),
        eq(oneCSessions.id, session.sessionId),
      ),
    );
  const queried = found?.queried ?? [];
  await db.transaction(async (tx) => {
    for (const deal of queried) {
      await saveLink(tx, session.row, {
        entity: "deal",
        externalId: deal.id,
        recordId: deal.id,
        data: { exportedUpdatedAt: deal.updatedAt, number: deal.id },
      });
    }
    await tx
      .update(oneCSessions)
      .set({ queried: [] })
      .where(
        and(
          eq(oneCSessions.workspaceId, session.row.workspaceId),
          eq(oneCSessions.integrationId, session.row.id),
          eq(oneCSessions.id, session.sessionId),
        ),
      );
  });
  return queried.length;
}

/** A deal as a CommerceML order: its company (else first contact) as the buyer, its items as goods. */
async function exportOrder(
  db: Db,
  row: IntegrationRow,
  deal: typeof deals.$inferSelect,
): Promise<ExportOrder> {
  const ws = row.workspaceId;
  const items = await db
    .select()
    .from(dealItems)
    .where(and(eq(dealItems.workspaceId, ws), eq(dealItems.dealId, deal.id)))
    .orderBy(asc(dealItems.position));
  const lines = items.length
    ? items.map((i) => ({
        id: i.productId,
        name: i.name,
        priceMinor: i.priceMinor,
        quantity: i.quantity,
        sumMinor: itemSum(i),
      }))
    : [{ id: null, name: deal.title, priceMinor: deal.amountMinor, quantity: 1, sumMinor: deal.amountMinor }];
  return {
    id: deal.id,
    number: deal.id,
    date: deal.createdAt,
    amountMinor: lines.reduce((sum, l) => sum + l.sumMinor, 0),
    currency: deal.currency,
    comment: deal.title,
    status: null,
    client: await clientOf(db, ws, deal),
    items: lines,
  };
}

async function clientOf(db: Db, ws: string, deal: typeof deals.$inferSelect): Promise<ExportOrder["client"]> {
  if (deal.companyId) {
    const [c] = await db
      .select()
      .from(companies)
      .where(and(eq(companies.workspaceId, ws), eq(companies.id, deal.companyId)));
    if (c) {
      return {
        id: c.id,
        name: c.name,
        fullName: c.legalName,
        isPerson: false,
        firstName: null,
        lastName: null,
        inn: c.inn,
        kpp: c.kpp,
        address: c.legalAddress ?? c.actualAddress,
        phones: c.phones.map((p) => p.number),
        emails: c.emails.map((e) => e.email),
      };
    }
  }
  const [person] = await db
    .select({ c: contacts })
    .from(dealContacts)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, dealContacts.workspaceId), eq(contacts.id, dealContacts.contactId)),
    )
    .where(and(eq(dealContacts.workspaceId, ws), eq(dealContacts.dealId, deal.id)))
    .limit(1);
  const c = person?.c;
  const name = c ? [c.lastName, c.firstName, c.middleName].filter(Boolean).join(" ") : "";
  return {
    id: c?.id ?? `deal-${deal.id}`,
    name: name || deal.title,
    fullName: name || null,
    isPerson: true,
    firstName: c?.firstName ?? null,
    lastName: c?.lastName ?? (name ? null : deal.title),
    inn: null,
    kpp: null,
    address: null,
    phones: c?.phones.map((p) => p.number) ?? [],
    emails: c?.emails.map((e) => e.email) ?? [],
  };
}
