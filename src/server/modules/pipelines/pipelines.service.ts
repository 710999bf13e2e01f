import { and, asc, count, eq, max, ne, type SQL, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import { deals, pipelines, type StageKind, stages } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { recordStageEntry } from "../deals/stage-history.ts";

export interface StageInput {
  name: string;
  kind: StageKind;
  color?: string | null;
}

const NEW_PIPELINE_STAGES: StageInput[] = [
  { name: "Новая заявка", kind: "open" },
  { name: "В работе", kind: "open" },
  { name: "Успешно реализовано", kind: "won" },
  { name: "Закрыто и не реализовано", kind: "lost" },
];

/** A pipeline needs exactly one won and one lost stage, and at least one open stage. */
function checkStageKinds(list: { kind: StageKind }[]) {
  const countOf = (kind: StageKind) => list.filter((s) => s.kind === kind).length;
  if (countOf("won") !== 1 || countOf("lost") !== 1 || countOf("open") < 1) {
    throw new AppError(
      "validation_failed",
      "A pipeline needs at least one open stage, exactly one won and one lost",
      [{ field: "body.stages", message: "needs open stages, one won and one lost" }],
    );
  }
}

export async function listPipelines(executor: Executor, actor: Actor) {
  const [rows, stageRows] = await Promise.all([
    executor
      .select()
      .from(pipelines)
      .where(inWorkspace(actor, pipelines))
      .orderBy(asc(pipelines.position), asc(pipelines.createdAt)),
    executor.select().from(stages).where(inWorkspace(actor, stages)).orderBy(asc(stages.position)),
  ]);
  return { items: rows.map((p) => ({ ...p, stages: stageRows.filter((s) => s.pipelineId === p.id) })) };
}

export async function findPipeline(executor: Executor, actor: Actor, id: string) {
  const [row] = await executor
    .select()
    .from(pipelines)
    .where(and(inWorkspace(actor, pipelines), eq(pipelines.id, id)));
  if (!row) throw notFound("Pipeline");
  return row;
}

export async function getPipeline(executor: Executor, actor: Actor, id: string) {
  const pipeline = await findPipeline(executor, actor, id);
  const stageRows = await executor
    .select()
    .from(stages)
    .where(and(inWorkspace(actor, stages), eq(stages.pipelineId, id)))
    .orderBy(asc(stages.position));
  return { ...pipeline, stages: stageRows };
}

/** A stage of the workspace (404 otherwise); `pipelineId` given, it must be that pipeline's (422 otherwise). */
export async function findStage(executor: Executor, actor: Actor, stageId: string, pipelineId?: string) {
  const [stage] = await executor
    .select()
    .from(stages)
    .where(and(inWorkspace(actor, stages), eq(stages.id, stageId)));
  if (!stage) throw notFound("Stage");
  if (pipelineId && stage.pipelineId !== pipelineId) {
    throw new AppError("validation_failed", "The stage belongs to another pipeline", [
      { field: "body.stageId", message: "is not a stage of this pipeline" },
    ]);
  }
  return stage;
}

export async function createPipeline(db: Db, actor: Actor, input: { name: string; stages?: StageInput[] }) {
  authorize(actor, "workspace.settings");
  const list = input.stages ?? NEW_PIPELINE_STAGES;
  checkStageKinds(list);
  const id = newId();
  await db.transaction(async (tx) => {
    const [last] = await tx
      .select({ n: max(pipelines.position) })
      .from(pipelines)
      .where(inWorkspace(actor, pipelines));
    await tx
      .insert(pipelines)
      .values({ workspaceId: actor.workspaceId, id, name: input.name, position: (last?.n ?? -1) + 1 });
    await tx.insert(stages).values(
      list.map((s, position) => ({
        ...s,
        workspaceId: actor.workspaceId,
        id: newId(),
        pipelineId: id,
        position,
      })),
    );
  });
  return getPipeline(db, actor, id);
}

export async function updatePipeline(
  db: Db,
  actor: Actor,
  id: string,
  patch: { name?: string; position?: number; isDefault?: boolean },
) {
  authorize(actor, "workspace.settings");
  await findPipeline(db, actor, id);
  await db.transaction(async (tx) => {
    // One default pipeline per workspace: choosing a new one unsets the old.
    if (patch.isDefault)
      await tx.update(pipelines).set({ isDefault: false }).where(inWorkspace(actor, pipelines));
    await tx
      .update(pipelines)
      .set(patch)
      .where(and(inWorkspace(actor, pipelines), eq(pipelines.id, id)));
  });
  return getPipeline(db, actor, id);
}

async function dealsIn(
  tx: Tx,
  actor: Actor,
  column: typeof deals.stageId | typeof deals.pipelineId,
  id: string,
) {
  // Counting every deal, visible or not: a stage is emptied for everyone.
  const [row] = await tx
    .select({ n: count() })
    .from(deals)
    .where(and(inWorkspace(actor, deals), eq(column, id)));
  return row?.n ?? 0;
}

/** Moves every deal of a stage (or a pipeline) to a target stage, keeping status and closing dates right. */
async function moveAllDeals(
  tx: Tx,
  actor: Actor,
  from: { stageId?: string; pipelineId?: string },
  targetStageId: string,
) {
  const target = await findStage(tx, actor, targetStageId);
  const closed = target.kind !== "open";
  const which = and(
    inWorkspace(actor, deals),
    from.stageId ? eq(deals.stageId, from.stageId) : eq(deals.pipelineId, from.pipelineId ?? ""),
  ) as SQL;
  await recordStageEntry(tx, actor, which, target);
  await tx
    .update(deals)
    .set({
      pipelineId: target.pipelineId,
      stageId: target.id,
      status: target.kind,
      closedAt: closed ? sql`coalesce(${deals.closedAt}, now())` : null,
      stageEnteredAt: new Date(),
      updatedAt: new Date(),
    })
    .where(which);
  return target;
}

export async function deletePipeline(db: Db, actor: Actor, id: string, targetStageId?: string) {
  authorize(actor, "workspace.settings");
  await findPipeline(db, actor, id);
  await db.transaction(async (tx) => {
    const [others] = await tx
      .select({ n: count() })
      .from(pipelines)
      .where(and(inWorkspace(actor, pipelines), ne(pipelines.id, id)));
    if (!others?.n) throw new AppError("conflict", "The last pipeline cannot be deleted");
    if ((await dealsIn(tx, actor, deals.pipelineId, id)) > 0) {
      if (!targetStageId)
        throw new AppError("conflict", "The pipeline has deals: give targetStageId to move them to");
      const target = await findStage(tx, actor, targetStageId);
      if (target.pipelineId === id)
        throw new AppError("validation_failed", "The target stage is in the pipeline being deleted");
      await moveAllDeals(tx, actor, { pipelineId: id }, targetStageId);
    }
    await tx.delete(pipelines).where(and(inWorkspace(actor, pipelines), eq(pipelines.id, id)));
  });
}

export async function addStage(
  db: Db,
  actor: Actor,
  pipelineId: string,
  input: { name: string; color?: string | null; position?: number },
) {
  authorize(actor, "workspace.settings");
  const pipeline = await getPipeline(db, actor, pipelineId);
  const position = Math.min(
    Math.max(input.position ?? pipeline.stages.length - 2, 0),
    pipeline.stages.length,
  );
  const id = newId();
  await db.transaction(async (tx) => {
    // Make room: stages from `position` on move one down.
    await tx
      .update(stages)
      .set({ position: sql`${stages.position} + 1` })
      .where(
        and(
          inWorkspace(actor, stages),
          eq(stages.pipelineId, pipelineId),
          sql`${stages.position} >= ${position}`,
        ),
      );
    await tx.insert(stages).values({
      workspaceId: actor.workspaceId,
      id,
      pipelineId,
      name: input.name,
      color: input.color,
      kind: "open",
      position,
    });
  });
  return getPipeline(db, actor, pipelineId);
}

export async function updateStage(
  db: Db,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  patch: { name?: string; color?: string | null },
) {
  authorize(actor, "workspace.settings");
  await findStage(db, actor, stageId, pipelineId);
  await db
    .update(stages)
    .set(patch)
    .where(and(inWorkspace(actor, stages), eq(stages.id, stageId)));
  return getPipeline(db, actor, pipelineId);
}

/** Sets the order of a pipeline's stages; the list must name each of its stages once. */
export async function reorderStages(db: Db, actor: Actor, pipelineId: string, stageIds: string[]) {
  authorize(actor, "workspace.settings");
  const pipeline = await getPipeline(db, actor, pipelineId);
  const current = new Set(pipeline.stages.map((s) => s.id));
  if (
    stageIds.length !== current.size ||
    !stageIds.every((id) => current.has(id)) ||
    new Set(stageIds).size !== stageIds.length
  ) {
    throw new AppError("validation_failed", "Give every stage of the pipeline exactly once", [
      { field: "body.stageIds", message: "must list each stage of the pipeline once" },
    ]);
  }
  await db.transaction(async (tx) => {
    for (const [position, id] of stageIds.entries()) {
      await tx
        .update(stages)
        .set({ position })
        .where(and(inWorkspace(actor, stages), eq(stages.id, id)));
    }
  });
  return getPipeline(db, actor, pipelineId);
}

/** Deletes an open stage; its deals move to `targetStageId` (required when it has deals). */
export async function deleteStage(
  db: Db,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  targetStageId?: string,
) {
  authorize(actor, "workspace.settings");
  const stage = await findStage(db, actor, stageId, pipelineId);
  if (stage.kind !== "open") throw new AppError("conflict", "The won and lost stages cannot be deleted");
  await db.transaction(async (tx) => {
    const pipeline = await getPipeline(tx, actor, pipelineId);
    if (pipeline.stages.filter((s) => s.kind === "open").length <= 1) {
      throw new AppError("conflict", "A pipeline keeps at least one open stage");
    }
    if ((await dealsIn(tx, actor, deals.stageId, stageId)) > 0) {
      if (!targetStageId || targetStageId === stageId) {
        throw new AppError("conflict", "The stage has deals: give targetStageId to move them to");
      }
      await moveAllDeals(tx, actor, { stageId }, targetStageId);
    }
    await tx.delete(stages).where(and(inWorkspace(actor, stages), eq(stages.id, stageId)));
  });
  return getPipeline(db, actor, pipelineId);
}
