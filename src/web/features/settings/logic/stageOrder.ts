// The order of a pipeline's stages after a drag: open stages move freely, won and lost always stay last.

export interface OrderableStage {
  id: string;
  kind: "open" | "won" | "lost";
}

/** Open stages in their order, then the closed ones (won, lost) in theirs. */
export function withClosedLast<T extends OrderableStage>(stages: readonly T[]): T[] {
  return [...stages.filter((s) => s.kind === "open"), ...stages.filter((s) => s.kind !== "open")];
}

/**
 * The stage ids after dropping `activeId` onto `overId`, or null when nothing changes (or the dragged
 * stage is won/lost, which do not move). A drop onto a won/lost stage lands after the last open stage.
 */
export function orderAfterDrop(
  stages: readonly OrderableStage[],
  activeId: string,
  overId: string | null | undefined,
): string[] | null {
  if (!overId || activeId === overId) return null;
  const ordered = withClosedLast(stages);
  const open = ordered.filter((s) => s.kind === "open");
  const from = open.findIndex((s) => s.id === activeId);
  if (from < 0) return null;
  const overIndex = open.findIndex((s) => s.id === overId);
  if (overIndex < 0 && !ordered.some((s) => s.id === overId)) return null;
  const to = overIndex < 0 ? open.length - 1 : overIndex;
  if (from === to) return null;
  const moved = [...open];
  const [stage] = moved.splice(from, 1);
  if (!stage) return null;
  moved.splice(to, 0, stage);
  const ids = [...moved, ...ordered.filter((s) => s.kind !== "open")].map((s) => s.id);
  return sameOrder(ids, stages) ? null : ids;
}

function sameOrder(ids: string[], stages: readonly OrderableStage[]) {
  return ids.length === stages.length && ids.every((id, i) => stages[i]?.id === id);
}
