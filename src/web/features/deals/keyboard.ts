// Moving a picked-up card with the keyboard: ←/→ to the neighbouring stage, ↑/↓ past the card above or
// below in the same stage. dnd-kit's generic sortable coordinates treat the card's own column as "to the
// left" of it, so a board with column drop zones needs its own rule.
import type { KeyboardCoordinateGetter } from "@dnd-kit/core";

export const COLUMN_PREFIX = "column:";

interface Box {
  left: number;
  top: number;
}
export interface Candidate {
  id: string;
  /** The stage of a card, or of a column drop zone (`column:<stageId>`). */
  stageId: string;
  rect: Box;
}

/** Where the dragged card goes for an arrow key, or null when it stays (edge of the board or column). */
export function keyboardTarget(
  key: string,
  at: Box,
  currentStage: string,
  stageOrder: string[],
  candidates: Candidate[],
): Box | null {
  if (key === "ArrowLeft" || key === "ArrowRight") {
    const next = stageOrder[stageOrder.indexOf(currentStage) + (key === "ArrowLeft" ? -1 : 1)];
    const column = next ? candidates.find((c) => c.id === `${COLUMN_PREFIX}${next}`) : undefined;
    // Just inside the column, above its first card: the drop lands on top of the stage.
    return column ? { left: column.rect.left + 8, top: column.rect.top + 8 } : null;
  }
  if (key === "ArrowUp" || key === "ArrowDown") {
    const cards = candidates.filter((c) => !c.id.startsWith(COLUMN_PREFIX) && c.stageId === currentStage);
    const down = key === "ArrowDown";
    const ahead = cards
      .filter((c) => (down ? c.rect.top > at.top + 1 : c.rect.top < at.top - 1))
      .sort((a, b) => (down ? a.rect.top - b.rect.top : b.rect.top - a.rect.top));
    const target = ahead[0];
    return target ? { left: target.rect.left, top: target.rect.top } : null;
  }
  return null;
}

const ARROWS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"]);

/** The KeyboardSensor's coordinate getter for the board; `stageOrder` gives the columns left to right. */
export function boardKeyboardCoordinates(stageOrder: () => string[]): KeyboardCoordinateGetter {
  return (event, { active, currentCoordinates, context }) => {
    if (!ARROWS.has(event.code)) return undefined;
    event.preventDefault();
    const { collisionRect, droppableRects, droppableContainers, over } = context;
    if (!collisionRect) return undefined;
    const stageOf = (data: unknown) => (data as { stageId?: string } | undefined)?.stageId;
    const currentStage = stageOf(over?.data.current) ?? stageOf(context.active?.data.current);
    if (!currentStage) return undefined;
    const candidates: Candidate[] = [];
    for (const entry of droppableContainers.getEnabled()) {
      const rect = droppableRects.get(entry.id);
      const stageId = stageOf(entry.data.current);
      if (rect && stageId && entry.id !== active) candidates.push({ id: String(entry.id), stageId, rect });
    }
    const target = keyboardTarget(event.code, collisionRect, currentStage, stageOrder(), candidates);
    if (!target) return currentCoordinates;
    return { x: target.left, y: target.top };
  };
}
