// The board: columns side by side, drag and drop between and within stages (mouse, touch, keyboard, with
// announcements), won/lost from a card, and live refresh when someone else moves a deal.
import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MeasuringStrategy,
  TouchSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { Paper } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { useLiveEvents } from "../../../lib/live.ts";
import { useMembers, useTags } from "../../../lib/session.ts";
import { type MoveRequest, useMoveDeal } from "../api/kanban.ts";
import { dealKeys } from "../api/keys.ts";
import type { KanbanBoard as Board, BoardDeal } from "../api/types.ts";
import { columnIds, type DropTarget, locate, resolveDrop } from "../board.ts";
import { boardKeyboardCoordinates } from "../keyboard.ts";
import { CardBody, type CardContext } from "./DealCard.tsx";
import { collisions, hitTest, MouseSensor } from "./dnd.ts";
import { COLUMN_WIDTH, KanbanColumn } from "./KanbanColumn.tsx";
import { LossReasonDialog } from "./LossReasonDialog.tsx";

interface Props {
  board: Board;
  queryKey: QueryKey;
  onLoadMore: (stageId: string) => void;
  /** Shown at the top of the first open column (the quick-create form). */
  firstColumnTop?: ReactNode;
}

interface PendingLoss {
  deal: BoardDeal;
  request: Omit<MoveRequest, "lossReasonId">;
}

export function KanbanBoard({ board, queryKey, onLoadMore, firstColumnTop }: Props) {
  const { t } = useTranslation("deals");
  const client = useQueryClient();
  const members = useMembers();
  const tags = useTags();
  const move = useMoveDeal(queryKey);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [overStage, setOverStage] = useState<string | null>(null);
  const [pendingLoss, setPendingLoss] = useState<PendingLoss | null>(null);
  const lastPointer = useRef<{ x: number; y: number } | null>(null);
  /** True only while the click that the browser fires right after a drop is being dispatched. */
  const justDropped = useRef(false);
  const dragging = useRef(false);
  const staleWhileDragging = useRef(false);

  const stages = useMemo(() => new Map(board.columns.map((c) => [c.stage.id, c.stage])), [board.columns]);
  const wonStage = board.columns.find((c) => c.stage.kind === "won")?.stage;
  const lostStage = board.columns.find((c) => c.stage.kind === "lost")?.stage;
  const firstOpen = board.columns.find((c) => c.stage.kind === "open")?.stage.id;

  const stageOrder = useRef<string[]>([]);
  stageOrder.current = board.columns.map((c) => c.stage.id);
  const keyboardCoordinates = useMemo(() => boardKeyboardCoordinates(() => stageOrder.current), []);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );

  useEffect(() => {
    const track = (e: PointerEvent) => {
      lastPointer.current = { x: e.clientX, y: e.clientY };
    };
    window.addEventListener("pointermove", track, { capture: true, passive: true });
    return () => window.removeEventListener("pointermove", track, { capture: true });
  }, []);

  // Someone else's change refreshes the board, but not under a card being dragged.
  const refresh = useDebouncedCallback(
    () => void client.invalidateQueries({ queryKey: dealKeys.kanbanAll }),
    250,
  );
  useLiveEvents(["deal."], () => {
    if (dragging.current) staleWhileDragging.current = true;
    else refresh();
  });

  const ctx: CardContext = useMemo(() => {
    const names = new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email]));
    return {
      memberName: (id) => (id ? (names.get(id) ?? null) : null),
      tagsById: new Map((tags.data ?? []).map((tag) => [tag.id, tag])),
      onWon: (deal) => {
        if (!wonStage) return;
        void move({ dealId: deal.id, stage: wonStage, afterId: null }).then(
          (ok) => ok && notifyDone(t("notify.won", { title: deal.title })),
        );
      },
      onLost: (deal) => {
        if (lostStage)
          setPendingLoss({ deal, request: { dealId: deal.id, stage: lostStage, afterId: null } });
      },
      suppressClick: () => justDropped.current,
    };
  }, [members.data, tags.data, wonStage, lostStage, move, t]);

  const titleOf = (data: unknown) => (data as { title?: string } | undefined)?.title ?? "";
  const stageNameOf = (data: unknown) => {
    const id = (data as { stageId?: string } | undefined)?.stageId;
    return (id && stages.get(id)?.name) ?? "";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("dnd.start", { title: titleOf(active.data.current) }),
    // Over itself (the moment it is picked up) says nothing, so "picked up" is what is heard.
    onDragOver: ({ active, over }) =>
      over?.id === active.id
        ? undefined
        : over
          ? t("dnd.over", { title: titleOf(active.data.current), stage: stageNameOf(over.data.current) })
          : t("dnd.outside", { title: titleOf(active.data.current) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t("dnd.dropped", { title: titleOf(active.data.current), stage: stageNameOf(over.data.current) })
        : t("dnd.cancel", { title: titleOf(active.data.current) }),
    onDragCancel: ({ active }) => t("dnd.cancel", { title: titleOf(active.data.current) }),
  };

  const finishDrag = () => {
    dragging.current = false;
    // The click that follows a pointer drop is dispatched in the same task as the pointerup.
    justDropped.current = true;
    setTimeout(() => {
      justDropped.current = false;
    }, 0);
    setActiveId(null);
    setOverStage(null);
    if (staleWhileDragging.current) {
      staleWhileDragging.current = false;
      refresh();
    }
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    dragging.current = true;
    setActiveId(String(active.id));
  };

  const onDragOver = ({ over }: DragOverEvent) => {
    setOverStage((over?.data.current as { stageId?: string } | undefined)?.stageId ?? null);
  };

  const onDragEnd = ({ active, over, delta, activatorEvent }: DragEndEvent) => {
    finishDrag();
    const dealId = String(active.id);
    const found = locate(board, dealId);
    if (!found) return;
    let target: DropTarget | null = null;
    let below = false;
    const overData = over?.data.current as { type?: string; stageId?: string } | undefined;
    if (over && overData?.stageId) {
      target =
        overData.type === "column"
          ? { type: "column", stageId: overData.stageId }
          : { type: "card", id: String(over.id), stageId: overData.stageId };
      const dragged = active.rect.current.translated;
      if (dragged) below = dragged.top + dragged.height / 2 > over.rect.top + over.rect.height / 2;
    }
    // A pointer that jumped to its target without intermediate moves leaves dnd-kit at the start.
    const jumped = Math.abs(delta.x) + Math.abs(delta.y) < 5 && !(activatorEvent instanceof KeyboardEvent);
    if (jumped && lastPointer.current) {
      const hit = hitTest(lastPointer.current.x, lastPointer.current.y, dealId);
      if (hit) ({ target, below } = hit);
    }
    if (!target) return;
    const drop = resolveDrop(columnIds(board), dealId, found.column.stage.id, target, below);
    const stage = drop && stages.get(drop.stageId);
    if (!drop || !stage) return;
    const request = { dealId, stage, afterId: drop.afterId };
    if (stage.kind === "lost" && found.deal.status !== "lost") {
      setPendingLoss({ deal: found.deal, request });
      return;
    }
    void move(request).then(
      (ok) =>
        ok &&
        stage.kind === "won" &&
        found.deal.status !== "won" &&
        notifyDone(t("notify.won", { title: found.deal.title })),
    );
  };

  const active = activeId ? locate(board, activeId)?.deal : undefined;
  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collisions}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("dnd.instructions") } }}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={finishDrag}
      >
        <div
          style={{
            display: "flex",
            gap: 12,
            overflowX: "auto",
            height: "calc(100dvh - 210px)",
            minHeight: 420,
            paddingBottom: 8,
            overscrollBehaviorX: "contain",
          }}
          data-testid="kanban-board"
        >
          {board.columns.map((column) => (
            <KanbanColumn
              key={column.stage.id}
              column={column}
              ctx={ctx}
              activeId={activeId}
              highlighted={activeId !== null && overStage === column.stage.id}
              onLoadMore={onLoadMore}
              top={column.stage.id === firstOpen ? firstColumnTop : undefined}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {active ? (
            <Paper withBorder shadow="lg" p="xs" w={COLUMN_WIDTH - 16} style={{ cursor: "grabbing" }}>
              <CardBody deal={active} ctx={ctx} overlay />
            </Paper>
          ) : null}
        </DragOverlay>
      </DndContext>
      <LossReasonDialog
        opened={pendingLoss !== null}
        title={pendingLoss?.deal.title}
        onClose={() => setPendingLoss(null)}
        onConfirm={async (lossReasonId) => {
          if (!pendingLoss) return;
          const ok = await move({ ...pendingLoss.request, lossReasonId });
          if (ok) {
            notifyDone(t("notify.lost", { title: pendingLoss.deal.title }));
            setPendingLoss(null);
          }
        }}
      />
    </>
  );
}
