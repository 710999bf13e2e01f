import { and, asc, eq, gt, inArray, min, type SQL, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import {
  companies,
  contacts,
  dealContacts,
  dealStageHistory,
  deals,
  leadSources,
  lossReasons,
  pipelines,
  stages,
} from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { validateCustomFields } from "../custom-fields/custom-fields.service.ts";
import { findPipeline, findStage } from "../pipelines/pipelines.service.ts";
import { detachConversations } from "../records/conversation-links.ts";
import {
  addTags,
  type Deps,
  diff,
  emit,
  memberRef,
  requireReferencesAndDefinitions,
  requireRows,
  rowsRef,
  setTags,
  surelyVisible,
  tagsOf,
  uniqueIds,
  withTx,
} from "../records/records.ts";
import type { DealInput } from "./deals.schemas.ts";
import { recordStageEntry } from "./stage-history.ts";

type DealRow = typeof deals.$inferSelect;
type StageRow = typeof stages.$inferSelect;

export async function withLinks(executor: Executor, actor: Actor, rows: DealRow[]) {
  const ids = rows.map((r) => r.id);
  const [tagIds, links] = await Promise.all([
    tagsOf(executor, actor, "deal", ids),
    ids.length
      ? executor
          .select()
          .from(dealContacts)
          .where(and(eq(dealContacts.workspaceId, actor.workspaceId), inArray(dealContacts.dealId, ids)))
      : [],
  ]);
  return rows.map((r) => ({
    ...r,
    contactIds: links.filter((l) => l.dealId === r.id).map((l) => l.contactId),
    tagIds: tagIds.get(r.id) ?? [],
  }));
}

export async function findDeal(executor: Executor, actor: Actor, id: string, lock = false) {
  const query = executor
    .select()
    .from(deals)
    .where(and(visibleTo(actor, deals), eq(deals.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Deal");
  return row;
}

export async function getDeal(db: Db, actor: Actor, id: string) {
  const [deal] = await withLinks(db, actor, [await findDeal(db, actor, id)]);
  if (!deal) throw notFound("Deal");
  return deal;
}

/** 404 for a reference the actor may not use; returns the custom field definitions to validate with. */
function checkReferences(tx: Tx, actor: Actor, input: DealInput) {
  return requireReferencesAndDefinitions(tx, actor, "deal", [
    memberRef(actor, input.ownerId, "Owner"),
    rowsRef(leadSources, inWorkspace(actor, leadSources), [input.sourceId], "Source"),
    rowsRef(lossReasons, inWorkspace(actor, lossReasons), [input.lossReasonId], "Loss reason"),
    rowsRef(companies, visibleTo(actor, companies), [input.companyId], "Company"),
    rowsRef(contacts, visibleTo(actor, contacts), input.contactIds ?? [], "Contact"),
  ]);
}

async function setContacts(tx: Tx, actor: Actor, dealId: string, contactIds: string[]) {
  await tx
    .delete(dealContacts)
    .where(and(eq(dealContacts.workspaceId, actor.workspaceId), eq(dealContacts.dealId, dealId)));
  await addContacts(tx, actor, dealId, contactIds);
}

/** Links a deal to contacts; alone (without `setContacts`'s delete) for a deal just created. */
async function addContacts(tx: Tx, actor: Actor, dealId: string, contactIds: string[]) {
  if (contactIds.length === 0) return;
  await tx
    .insert(dealContacts)
    .values(
      uniqueIds(contactIds).map((contactId) => ({ workspaceId: actor.workspaceId, dealId, contactId })),
    );
}

/** The stage a deal goes to: the given one (which must be the pipeline's), else the pipeline's first. */
async function resolveStage(
  tx: Tx,
  actor: Actor,
  pipelineId: string | undefined,
  stageId: string | undefined,
) {
  if (stageId) return findStage(tx, actor, stageId, pipelineId);
  const pipeline = pipelineId
    ? await findPipeline(tx, actor, pipelineId)
    : ((
        await tx
          .select()
          .from(pipelines)
          .where(inWorkspace(actor, pipelines))
          .orderBy(sql`${pipelines.isDefault} desc`, asc(pipelines.position))
          .limit(1)
      )[0] ?? null);
  if (!pipeline) throw new AppError("conflict", "The workspace has no pipeline");
  const [first] = await tx
    .select()
    .from(stages)
    .where(and(inWorkspace(actor, stages), eq(stages.pipelineId, pipeline.id), eq(stages.kind, "open")))
    .orderBy(asc(stages.position))
    .limit(1);
  if (!first) throw new AppError("conflict", "The pipeline has no open stage");
  return first;
}

function requireLossReason(stage: StageRow, lossReasonId: string | null | undefined) {
  if (stage.kind === "lost" && !lossReasonId) {
    throw new AppError("validation_failed", "A lost deal needs a loss reason", [
      { field: "body.lossReasonId", message: "is required when the deal is lost" },
    ]);
  }
}

/** A position above every deal of the stage. Filtered by pipeline too, so the board index serves it. */
async function topOf(tx: Tx, actor: Actor, stage: { id: string; pipelineId: string }) {
  const [row] = await tx
    .select({ p: min(deals.position) })
    .from(deals)
    .where(
      and(inWorkspace(actor, deals), eq(deals.pipelineId, stage.pipelineId), eq(deals.stageId, stage.id)),
    );
  return row?.p == null ? 0 : row.p - 1;
}

/** `topOf` as a subquery, so that an insert computes it without a round trip of its own. */
function topPosition(actor: Actor, stage: { id: string; pipelineId: string }) {
  return sql<number>`(select coalesce(min(${deals.position}) - 1, 0) from ${deals} where ${and(
    inWorkspace(actor, deals),
    eq(deals.pipelineId, stage.pipelineId),
    eq(deals.stageId, stage.id),
  )})`.mapWith(Number);
}

/** Status, closing date and loss reason that follow from entering `stage`. */
function stageState(before: DealRow | null, stage: StageRow, lossReasonId: string | null | undefined) {
  const closed = stage.kind !== "open";
  return {
    pipelineId: stage.pipelineId,
    stageId: stage.id,
    status: stage.kind,
    closedAt: closed
      ? before?.status === stage.kind && before.closedAt
        ? before.closedAt
        : new Date()
      : null,
    lossReasonId: stage.kind === "lost" ? (lossReasonId ?? before?.lossReasonId ?? null) : null,
  };
}

async function emitStageEvents(tx: Tx, deps: Deps, actor: Actor, deal: DealRow, from: DealRow | null) {
  if (from && from.stageId === deal.stageId) return;
  const payload = {
    id: deal.id,
    from: from ? { pipelineId: from.pipelineId, stageId: from.stageId, status: from.status } : null,
    to: { pipelineId: deal.pipelineId, stageId: deal.stageId, status: deal.status },
  };
  if (from) await emit(tx, deps.outbox, actor, "deal.stage_changed", payload);
  if (deal.status !== "open" && from?.status !== deal.status) {
    await emit(tx, deps.outbox, actor, `deal.${deal.status}`, {
      ...payload,
      amountMinor: deal.amountMinor,
      currency: deal.currency,
      lossReasonId: deal.lossReasonId,
    });
  }
}

/**
 * Creates a deal. Every statement counts here (the inbound receiver makes one per new chat): a new
 * deal has no links to replace and no stage to leave, and the answer is built from what was inserted.
 */
export async function createDeal(deps: Deps, actor: Actor, input: DealInput & { title: string }) {
  authorize(actor, "records.create");
  const { contactIds, tagIds, customFields, pipelineId: _p, stageId: _s, lossReasonId, ...fields } = input;
  const links = { contactIds: uniqueIds(contactIds), tagIds: uniqueIds(tagIds) };
  const row = await withTx(deps.db, async (tx) => {
    const stage = await resolveStage(tx, actor, input.pipelineId, input.stageId);
    requireLossReason(stage, input.lossReasonId);
    const definitions = await checkReferences(tx, actor, input);
    const [row] = await tx
      .insert(deals)
      .values({
        ...fields,
        ...stageState(null, stage, lossReasonId),
        workspaceId: actor.workspaceId,
        id: newId(),
        ownerId: input.ownerId === undefined ? actor.personId : input.ownerId,
        position: topPosition(actor, stage),
        customFields: await validateCustomFields(tx, actor, "deal", customFields, null, definitions),
        createdBy: actor.personId,
        updatedBy: actor.personId,
      })
      .returning();
    if (!row) throw new Error("deal insert returned nothing");
    await addContacts(tx, actor, row.id, links.contactIds);
    await addTags(tx, actor, "deal", row.id, links.tagIds);
    // The stage history's first row; `recordStageEntry` would also look for an open one to close.
    await tx.insert(dealStageHistory).values({
      workspaceId: actor.workspaceId,
      id: sql`gen_random_uuid()::text`,
      dealId: row.id,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      movedBy: actor.personId,
    });
    await emit(tx, deps.outbox, actor, "deal.created", { id: row.id, record: row });
    await emitStageEvents(tx, deps, actor, row, null);
    return row;
  });
  // The answer used to be read back through `visibleTo`: 404 (after the commit) when the actor may not
  // see the new owner's records. Kept; only an actor who sees teammates' records needs the read for it.
  if (!surelyVisible(actor, row.ownerId)) await findDeal(deps.db, actor, row.id);
  return { ...row, ...links };
}

export async function updateDeal(deps: Deps, actor: Actor, id: string, input: DealInput) {
  authorize(actor, "records.update");
  await deps.db.transaction(async (tx) => {
    const before = await findDeal(tx, actor, id, true);
    const definitions = await checkReferences(tx, actor, input);
    const stageChange =
      input.stageId !== undefined ||
      (input.pipelineId !== undefined && input.pipelineId !== before.pipelineId);
    const stage = stageChange
      ? await resolveStage(tx, actor, input.pipelineId ?? before.pipelineId, input.stageId)
      : null;
    if (stage) requireLossReason(stage, input.lossReasonId ?? before.lossReasonId);
    const { contactIds, tagIds, customFields, pipelineId: _p, stageId: _s, lossReasonId, ...fields } = input;
    const moved = stage && stage.id !== before.stageId;
    if (moved)
      await recordStageEntry(tx, actor, and(inWorkspace(actor, deals), eq(deals.id, id)) as SQL, stage);
    const [after] = await tx
      .update(deals)
      .set({
        ...fields,
        ...(stage
          ? stageState(before, stage, lossReasonId)
          : lossReasonId !== undefined && before.status === "lost"
            ? { lossReasonId }
            : {}),
        ...(moved ? { stageEnteredAt: new Date(), position: await topOf(tx, actor, stage) } : {}),
        customFields: await validateCustomFields(
          tx,
          actor,
          "deal",
          customFields,
          before.customFields,
          definitions,
        ),
        updatedBy: actor.personId,
        updatedAt: new Date(),
      })
      .where(and(inWorkspace(actor, deals), eq(deals.id, id)))
      .returning();
    if (!after) throw notFound("Deal");
    if (contactIds) await setContacts(tx, actor, id, contactIds);
    if (tagIds) await setTags(tx, actor, "deal", id, tagIds);
    const changes = diff(before, after, ["position", "stageEnteredAt"]);
    if (Object.keys(changes).length > 0) await emit(tx, deps.outbox, actor, "deal.updated", { id, changes });
    await emitStageEvents(tx, deps, actor, after, before);
  });
  return getDeal(deps.db, actor, id);
}

/** Kanban drag and drop: into `stageId`, right after `afterId` (or on top); the order persists. */
export async function moveDeal(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { stageId: string; afterId?: string | null; lossReasonId?: string | null },
) {
  authorize(actor, "records.update");
  await deps.db.transaction(async (tx) => {
    const before = await findDeal(tx, actor, id, true);
    const stage = await findStage(tx, actor, input.stageId);
    requireLossReason(stage, input.lossReasonId ?? before.lossReasonId);
    await requireRows(tx, lossReasons, inWorkspace(actor, lossReasons), [input.lossReasonId], "Loss reason");
    let position: number;
    if (input.afterId) {
      const after = await findDeal(tx, actor, input.afterId);
      if (after.stageId !== stage.id) {
        throw new AppError("validation_failed", "afterId is not in the target stage", [
          { field: "body.afterId", message: "is not in that stage" },
        ]);
      }
      const [next] = await tx
        .select({ position: deals.position })
        .from(deals)
        .where(
          and(
            inWorkspace(actor, deals),
            eq(deals.pipelineId, stage.pipelineId),
            eq(deals.stageId, stage.id),
            gt(deals.position, after.position),
            sql`${deals.id} <> ${id}`,
          ),
        )
        .orderBy(asc(deals.position))
        .limit(1);
      position = next ? (after.position + next.position) / 2 : after.position + 1;
    } else {
      position = await topOf(tx, actor, stage);
    }
    const moved = stage.id !== before.stageId;
    if (moved)
      await recordStageEntry(tx, actor, and(inWorkspace(actor, deals), eq(deals.id, id)) as SQL, stage);
    const [after] = await tx
      .update(deals)
      .set({
        ...stageState(before, stage, input.lossReasonId),
        position,
        ...(moved ? { stageEnteredAt: new Date() } : {}),
        updatedBy: actor.personId,
        updatedAt: new Date(),
      })
      .where(and(inWorkspace(actor, deals), eq(deals.id, id)))
      .returning();
    if (after) await emitStageEvents(tx, deps, actor, after, before);
  });
  return getDeal(deps.db, actor, id);
}

/** Moves many deals to one stage in the caller's transaction (bulk action); ids must already be checked. */
export async function moveDealsInTx(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  ids: string[],
  stageId: string,
  lossReasonId?: string | null,
) {
  const stage = await findStage(tx, actor, stageId);
  requireLossReason(stage, lossReasonId);
  await requireRows(tx, lossReasons, inWorkspace(actor, lossReasons), [lossReasonId], "Loss reason");
  const befores = await tx
    .select()
    .from(deals)
    .where(and(inWorkspace(actor, deals), inArray(deals.id, ids), sql`${deals.stageId} <> ${stage.id}`));
  if (befores.length === 0) return;
  const which = and(
    inWorkspace(actor, deals),
    inArray(
      deals.id,
      befores.map((d) => d.id),
    ),
  ) as SQL;
  await recordStageEntry(tx, actor, which, stage);
  const afters = await tx
    .update(deals)
    .set({
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      status: stage.kind,
      closedAt:
        stage.kind === "open"
          ? null
          : sql`case when ${deals.status} = ${stage.kind} then coalesce(${deals.closedAt}, now()) else now() end`,
      lossReasonId: stage.kind === "lost" ? (lossReasonId ?? null) : null,
      stageEnteredAt: new Date(),
      updatedBy: actor.personId,
      updatedAt: new Date(),
    })
    .where(which)
    .returning();
  for (const after of afters) {
    await emitStageEvents(tx, deps, actor, after, befores.find((b) => b.id === after.id) ?? null);
  }
}

export async function deleteDeal(deps: Deps, actor: Actor, id: string) {
  authorize(actor, "records.delete");
  await deps.db.transaction(async (tx) => {
    const row = await findDeal(tx, actor, id, true);
    await detachConversations(tx, actor, "deal", [id]);
    await tx.delete(deals).where(and(inWorkspace(actor, deals), eq(deals.id, id)));
    await emit(tx, deps.outbox, actor, "deal.deleted", { id, record: row });
  });
}
