// The kanban's pure rules: where a drop puts a deal, the optimistic board after a move, column sums and
// the pipeline the board opens with. No React here, so every rule has a unit test.
import type { Pipeline, Stage } from "../../lib/session.ts";
import type { BoardDeal, KanbanBoard, KanbanColumn } from "./api/types.ts";

/** Default pipeline first, then in the workspace's order. */
export function sortPipelines(pipelines: Pipeline[]): Pipeline[] {
  return [...pipelines].sort(
    (a, b) =>
      Number(b.isDefault) - Number(a.isDefault) || a.position - b.position || a.name.localeCompare(b.name),
  );
}

/** The remembered pipeline when it still exists, else the default one (else the first). */
export function pickPipeline(pipelines: Pipeline[], remembered: string | null): string | null {
  if (remembered && pipelines.some((p) => p.id === remembered)) return remembered;
  return sortPipelines(pipelines)[0]?.id ?? null;
}

/** What the pointer or the keyboard is over when a drag ends. */
export type DropTarget = { type: "card"; id: string; stageId: string } | { type: "column"; stageId: string };

export interface Drop {
  stageId: string;
  /** The deal it goes after in the target column; null puts it on top. */
  afterId: string | null;
  /** Its index in the target column once placed (among the loaded deals). */
  index: number;
}

/**
 * Where a dragged deal lands. `columns` are the loaded deal ids per stage, in order; `below` says the
 * dragged card's centre is below the card it is over (used between columns; within a column the order
 * follows the sortable animation: moving down puts it after the card it is over, moving up before).
 * Null when nothing changes.
 */
export function resolveDrop(
  columns: Record<string, string[]>,
  activeId: string,
  fromStageId: string,
  target: DropTarget,
  below = false,
): Drop | null {
  const source = columns[fromStageId] ?? [];
  const targetIds = columns[target.stageId] ?? [];
  const without = targetIds.filter((id) => id !== activeId);
  let index: number;
  if (target.type === "column") {
    if (target.stageId === fromStageId) return null;
    index = without.length;
  } else if (target.stageId === fromStageId) {
    if (target.id === activeId) return null;
    const oldIndex = source.indexOf(activeId);
    const newIndex = source.indexOf(target.id);
    if (oldIndex < 0 || newIndex < 0) return null;
    index = newIndex;
    if (index === oldIndex) return null;
  } else {
    const overIndex = without.indexOf(target.id);
    index = overIndex < 0 ? without.length : overIndex + (below ? 1 : 0);
  }
  return { stageId: target.stageId, afterId: index === 0 ? null : (without[index - 1] ?? null), index };
}

const withSum = (sums: Record<string, number>, currency: string, delta: number) => {
  const next = { ...sums, [currency]: (sums[currency] ?? 0) + delta };
  if (next[currency] === 0 && sums[currency] === undefined) delete next[currency];
  return next;
};

/** Where a deal is on the board: its column and index, or null when it is not loaded. */
export function locate(board: KanbanBoard, dealId: string) {
  for (const column of board.columns) {
    const index = column.deals.findIndex((d) => d.id === dealId);
    if (index >= 0) return { column, index, deal: column.deals[index] as BoardDeal };
  }
  return null;
}

/** The board after moving a deal to `stage`, after `afterId` (or on top): counts and sums follow it. */
export function applyMove(
  board: KanbanBoard,
  dealId: string,
  stage: Pick<Stage, "id" | "kind">,
  afterId: string | null,
  lossReasonId?: string | null,
): KanbanBoard {
  const found = locate(board, dealId);
  if (!found) return board;
  const { column: from, deal } = found;
  const moved: BoardDeal = {
    ...deal,
    stageId: stage.id,
    status: stage.kind,
    ...(stage.kind === "lost" && lossReasonId ? { lossReasonId } : {}),
  };
  const sameColumn = from.stage.id === stage.id;
  const columns = board.columns.map((column): KanbanColumn => {
    let deals = column.deals;
    let { count, sums } = column;
    if (column.stage.id === from.stage.id) {
      deals = deals.filter((d) => d.id !== dealId);
      if (!sameColumn) {
        count = Math.max(0, count - 1);
        sums = withSum(sums, deal.currency, -deal.amountMinor);
      }
    }
    if (column.stage.id === stage.id) {
      const at = afterId ? deals.findIndex((d) => d.id === afterId) + 1 : 0;
      deals = [...deals.slice(0, at), moved, ...deals.slice(at)];
      if (!sameColumn) {
        count += 1;
        sums = withSum(sums, deal.currency, deal.amountMinor);
      }
    }
    return deals === column.deals ? column : { ...column, deals, count, sums };
  });
  return { ...board, columns };
}

/** The board with a just-created deal on top of its column (no-op when the board already has it). */
export function insertCreated(board: KanbanBoard, deal: BoardDeal): KanbanBoard {
  if (locate(board, deal.id)) return board;
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.stage.id === deal.stageId
        ? {
            ...column,
            deals: [deal, ...column.deals],
            count: column.count + 1,
            sums: withSum(column.sums, deal.currency, deal.amountMinor),
          }
        : column,
    ),
  };
}

/** The board with the next page of one column appended (deals already shown are not repeated). */
export function appendPage(
  board: KanbanBoard,
  stageId: string,
  deals: BoardDeal[],
  nextCursor: string | null,
): KanbanBoard {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id !== stageId) return column;
      const shown = new Set(column.deals.map((d) => d.id));
      return { ...column, deals: [...column.deals, ...deals.filter((d) => !shown.has(d.id))], nextCursor };
    }),
  };
}

/** A column's sums, roubles first, then other currencies alphabetically; zero sums are left out. */
export function sumEntries(sums: Record<string, number>, main = "RUB"): [string, number][] {
  const entries = Object.entries(sums).filter(([, v]) => v !== 0);
  entries.sort(([a], [b]) => (a === main ? -1 : b === main ? 1 : a.localeCompare(b)));
  return entries.length > 0 ? entries : [[main, 0]];
}

/** The ids of the loaded deals per stage (what `resolveDrop` reads). */
export function columnIds(board: KanbanBoard): Record<string, string[]> {
  return Object.fromEntries(board.columns.map((c) => [c.stage.id, c.deals.map((d) => d.id)]));
}

/** The most deals loaded in any column: a refetch asks for as many (within the API's limit). */
export function loadedLimit(board: KanbanBoard | undefined, min: number, max: number): number {
  const most = Math.max(0, ...(board?.columns.map((c) => c.deals.length) ?? []));
  return Math.min(max, Math.max(min, most));
}
