// The board's drag-and-drop plumbing: which sensor starts a drag, what a card is over, and the column
// under a pointer that jumped to its target in one move.
import { type CollisionDetection, closestCorners, PointerSensor, pointerWithin } from "@dnd-kit/core";
import type { PointerEvent as ReactPointerEvent } from "react";
import type { DropTarget } from "../board.ts";
import { COLUMN_PREFIX } from "../keyboard.ts";

/** Mouse and pen drag after 5 px (so a click still opens the card); touch is left to the TouchSensor. */
export class MouseSensor extends PointerSensor {
  static activators = [
    {
      eventName: "onPointerDown" as const,
      handler: ({ nativeEvent: e }: ReactPointerEvent) =>
        e.isPrimary && e.button === 0 && e.pointerType !== "touch",
    },
  ];
}

/** Cards under the pointer win over the column they are in; the keyboard uses the nearest corners. */
export const collisions: CollisionDetection = (args) => {
  if (!args.pointerCoordinates) return closestCorners(args);
  const hits = pointerWithin(args);
  const cards = hits.filter((h) => !String(h.id).startsWith(COLUMN_PREFIX));
  return cards.length > 0 ? cards : hits;
};

/** The column (and card) under a point, read from the page: for a pointer that jumped without moves. */
export function hitTest(
  x: number,
  y: number,
  activeId: string,
): { target: DropTarget; below: boolean } | null {
  const elements = document.elementsFromPoint(x, y).filter((e): e is HTMLElement => e instanceof HTMLElement);
  const column = elements.find((e) => e.dataset.kanbanStage);
  const stageId = column?.dataset.kanbanStage;
  if (!stageId) return null;
  const card = elements.find(
    (e) => e.dataset.dealId && e.dataset.dealId !== activeId && e.dataset.stageId === stageId,
  );
  if (card?.dataset.dealId) {
    const rect = card.getBoundingClientRect();
    return {
      target: { type: "card", id: card.dataset.dealId, stageId },
      below: y > rect.top + rect.height / 2,
    };
  }
  return { target: { type: "column", stageId }, below: false };
}
