import { and, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { companies, contacts, deals, tags } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { companyListQuery } from "../companies/companies.schemas.ts";
import { companyFilters } from "../companies/companies.service.ts";
import { contactListQuery } from "../contacts/contacts.schemas.ts";
import { contactFilters } from "../contacts/contacts.service.ts";
import { dealConditions } from "../deals/deals.list.ts";
import { dealListQuery } from "../deals/deals.schemas.ts";
import { moveDealsInTx } from "../deals/deals.service.ts";
import { detachConversations } from "./conversation-links.ts";
import { type Deps, emit, idList, requireMember, requireRows, tagLinks } from "./records.ts";

export const BULK_LIMIT = 5000;

export const bulkInput = z
  .object({
    /** The selection: either ids, or the same filters the list takes (e.g. {"ownerId": "…", "cf.city": "Москва"}). */
    ids: idList(BULK_LIMIT).optional(),
    filter: z.record(z.string(), z.string()).optional(),
    action: z.discriminatedUnion("type", [
      z.object({ type: z.literal("assignOwner"), ownerId: z.string().max(64).nullable() }),
      z.object({ type: z.literal("addTag"), tagId: z.string().max(64) }),
      z.object({ type: z.literal("removeTag"), tagId: z.string().max(64) }),
      z.object({ type: z.literal("delete") }),
      z.object({
        type: z.literal("moveStage"),
        stageId: z.string().max(64),
        lossReasonId: z.string().max(64).nullish(),
      }),
    ]),
  })
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), {
    error: "give either ids or filter",
    path: ["ids"],
  });
export type BulkInput = z.infer<typeof bulkInput>;

type Entity = "contact" | "company" | "deal";

function conditions(actor: Actor, entity: Entity, filter: Record<string, string>): SQL[] {
  const schema = { contact: contactListQuery, company: companyListQuery, deal: dealListQuery }[entity];
  const parsed = schema.safeParse(filter);
  if (!parsed.success) {
    throw new AppError(
      "validation_failed",
      "The filter is invalid",
      parsed.error.issues.map((i) => ({
        field: ["body", "filter", ...i.path].join("."),
        message: i.message,
      })),
    );
  }
  if (entity === "contact") return contactFilters(actor, parsed.data as z.infer<typeof contactListQuery>);
  if (entity === "company") return companyFilters(actor, parsed.data as z.infer<typeof companyListQuery>);
  return dealConditions(actor, parsed.data as z.infer<typeof dealListQuery>);
}

/**
 * One action on many records the caller may see, in one transaction, with one domain event per record
 * (so the timeline and webhooks see each change). Ids the caller may not see make the whole call 404.
 */
export async function bulkAction(deps: Deps, actor: Actor, entity: Entity, input: BulkInput) {
  const { action } = input;
  if (action.type === "moveStage" && entity !== "deal")
    throw new AppError("validation_failed", "Only deals move between stages");
  authorize(actor, action.type === "delete" ? "records.delete" : "records.update");
  const table = { contact: contacts, company: companies, deal: deals }[entity];
  return deps.db.transaction(async (tx) => {
    const where = [
      ...conditions(actor, entity, input.filter ?? {}),
      ...(input.ids ? [inArray(table.id, input.ids)] : []),
    ];
    const rows = await tx
      .select({ id: table.id, ownerId: table.ownerId })
      .from(table)
      .where(and(...where))
      .limit(BULK_LIMIT + 1)
      .for("update");
    if (input.ids && rows.length !== new Set(input.ids).size) throw notFound("Some of the records");
    if (rows.length > BULK_LIMIT) {
      throw new AppError(
        "validation_failed",
        `The filter matches more than ${BULK_LIMIT} records; narrow it`,
      );
    }
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return { affected: 0 };
    const mine = and(inWorkspace(actor, table), inArray(table.id, ids));
    switch (action.type) {
      case "assignOwner": {
        await requireMember(tx, actor, action.ownerId, "Owner");
        await tx
          .update(table)
          .set({ ownerId: action.ownerId, updatedBy: actor.personId, updatedAt: new Date() })
          .where(mine);
        for (const r of rows.filter((r) => r.ownerId !== action.ownerId)) {
          await emit(tx, deps.outbox, actor, `${entity}.updated`, {
            id: r.id,
            changes: { ownerId: { from: r.ownerId, to: action.ownerId } },
          });
        }
        break;
      }
      case "addTag":
      case "removeTag": {
        await requireRows(tx, tags, inWorkspace(actor, tags), [action.tagId], "Tag");
        const link = tagLinks[entity];
        if (action.type === "addTag") {
          await tx
            .insert(link)
            .values(
              ids.map((recordId) => ({ workspaceId: actor.workspaceId, recordId, tagId: action.tagId })),
            )
            .onConflictDoNothing();
        } else {
          await tx
            .delete(link)
            .where(
              and(
                eq(link.workspaceId, actor.workspaceId),
                eq(link.tagId, action.tagId),
                inArray(link.recordId, ids),
              ),
            );
        }
        const change = action.type === "addTag" ? { added: [action.tagId] } : { removed: [action.tagId] };
        for (const id of ids)
          await emit(tx, deps.outbox, actor, `${entity}.updated`, { id, changes: { tagIds: change } });
        break;
      }
      case "delete": {
        if (entity === "company") {
          await tx
            .update(deals)
            .set({ companyId: null })
            .where(and(inWorkspace(actor, deals), inArray(deals.companyId, ids)));
        } else {
          await detachConversations(tx, actor, entity, ids);
        }
        await tx.delete(table).where(mine);
        for (const id of ids) await emit(tx, deps.outbox, actor, `${entity}.deleted`, { id });
        break;
      }
      case "moveStage":
        await moveDealsInTx(tx, deps, actor, ids, action.stageId, action.lossReasonId);
        break;
    }
    return { affected: ids.length };
  });
}
