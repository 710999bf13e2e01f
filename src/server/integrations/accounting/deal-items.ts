// A deal's line items (positions): from a MoySklad order, or picked from the products by a manager; and
// the accounting orders linked to the deal, as its card shows them.
import { and, asc, eq, ilike } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Executor } from "../../db/client.ts";
import { accountingIntegrations, accountingLinks, dealItems, products } from "../../db/schema/index.ts";
import { findDeal, updateDeal } from "../../modules/deals/deals.service.ts";
import { requireRows, withTx } from "../../modules/records/records.ts";
import { newId } from "../../platform/ids.ts";
import type { Outbox } from "../../platform/outbox.ts";
import { keyset, page } from "../../platform/pagination.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import type { dealItemInput, dealItemsInput } from "./accounting.schemas.ts";

type ItemInput = Omit<z.input<typeof dealItemInput>, "productId"> & { productId?: string | null };

/** quantity × price less the discount, rounded to the kopeck. */
export const itemSum = (item: { quantity: number; priceMinor: number; discount?: number }) =>
  Math.round(item.quantity * item.priceMinor * (1 - (item.discount ?? 0) / 100));

/** Replaces the deal's items (the deal is already checked); returns their total. */
export async function replaceDealItems(
  db: Executor,
  workspaceId: string,
  dealId: string,
  items: ItemInput[],
) {
  const where = and(eq(dealItems.workspaceId, workspaceId), eq(dealItems.dealId, dealId));
  await db.delete(dealItems).where(where);
  if (items.length) {
    await db.insert(dealItems).values(
      items.map((item, position) => ({
        workspaceId,
        dealId,
        id: newId(),
        productId: item.productId ?? null,
        name: item.name,
        quantity: item.quantity,
        priceMinor: item.priceMinor,
        discount: item.discount ?? 0,
        position,
      })),
    );
  }
  return items.reduce((sum, item) => sum + itemSum(item), 0);
}

export async function getDealItems(db: Db, actor: Actor, dealId: string) {
  await findDeal(db, actor, dealId);
  const rows = await db
    .select()
    .from(dealItems)
    .where(and(eq(dealItems.workspaceId, actor.workspaceId), eq(dealItems.dealId, dealId)))
    .orderBy(asc(dealItems.position));
  const items = rows.map(({ workspaceId: _w, dealId: _d, position: _p, ...item }) => ({
    ...item,
    sumMinor: itemSum(item),
  }));
  const links = await db
    .select({ link: accountingLinks, platform: accountingIntegrations.platform })
    .from(accountingLinks)
    .innerJoin(
      accountingIntegrations,
      and(
        eq(accountingIntegrations.workspaceId, accountingLinks.workspaceId),
        eq(accountingIntegrations.id, accountingLinks.integrationId),
      ),
    )
    .where(
      and(
        eq(accountingLinks.workspaceId, actor.workspaceId),
        eq(accountingLinks.entity, "deal"),
        eq(accountingLinks.recordId, dealId),
      ),
    );
  const orders = links.map(({ link, platform }) => {
    const data = link.data as Record<string, unknown>;
    const num = (key: string) => (typeof data[key] === "number" ? (data[key] as number) : null);
    return {
      platform,
      externalId: link.externalId,
      number: typeof data.number === "string" ? data.number : null,
      state: typeof data.state === "string" ? data.state : null,
      sumMinor: num("sumMinor"),
      paidMinor: num("paidMinor"),
      paid: typeof data.paid === "boolean" ? data.paid : null,
      syncedAt: link.syncedAt.toISOString(),
    };
  });
  return { items, totalMinor: items.reduce((sum, i) => sum + i.sumMinor, 0), orders };
}

/**
 * Sets the deal's items (products must be the workspace's); a deal with items is worth their total, so
 * its amount follows.
 */
export async function setDealItems(
  deps: { db: Db; outbox: Outbox },
  actor: Actor,
  dealId: string,
  input: z.output<typeof dealItemsInput>,
) {
  authorize(actor, "records.update");
  await withTx(deps.db, async (tx) => {
    await findDeal(tx, actor, dealId, true);
    const productIds = input.items.map((i) => i.productId).filter((id): id is string => Boolean(id));
    await requireRows(tx, products, inWorkspace(actor, products), productIds, "Product");
    const total = await replaceDealItems(tx, actor.workspaceId, dealId, input.items);
    if (input.items.length)
      await updateDeal({ db: tx, outbox: deps.outbox }, actor, dealId, { amountMinor: total });
  });
  return getDealItems(deps.db, actor, dealId);
}

/** Products by name, keyset-paginated (platform/pagination.ts). */
export async function listProducts(
  db: Db,
  actor: Actor,
  q: { search?: string; limit: number; cursor?: string },
) {
  const { where, orderBy, sortValue } = keyset(
    { expr: products.name, cast: "text" },
    products.id,
    "asc",
    q.cursor,
  );
  const rows = await db
    .select({ product: products, sortValue })
    .from(products)
    .where(
      and(
        eq(products.workspaceId, actor.workspaceId),
        q.search ? ilike(products.name, `%${q.search.replace(/[%_\\]/g, "\\$&")}%`) : undefined,
        where,
      ),
    )
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ id: r.product.id, sortValue: r.sortValue, product: r.product })),
    q.limit,
  );
  return { items: items.map(({ product: { workspaceId: _w, updatedAt: _u, ...p } }) => p), nextCursor };
}
