// One stage of the board: its count and sum, and its deals in a virtualised list that loads more as it
// scrolls, so a stage with 10,000 deals renders only the cards in view.
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Badge, Box, Center, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { defaultRangeExtractor, type Range, useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useCallback, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "../../../lib/format.ts";
import type { KanbanColumn as Column } from "../api/types.ts";
import { sumEntries } from "../board.ts";
import { COLUMN_PREFIX } from "../keyboard.ts";
import { type CardContext, DealCard } from "./DealCard.tsx";

export const COLUMN_WIDTH = 280;
const CARD_ESTIMATE = 96;
const GAP = 8;

const KIND_COLOR = { open: "gray", won: "teal", lost: "red" } as const;

interface Props {
  column: Column;
  ctx: CardContext;
  /** The dragged deal, kept rendered even when scrolled out of view (dnd-kit needs its node). */
  activeId: string | null;
  /** The column under the dragged card. */
  highlighted: boolean;
  onLoadMore: (stageId: string) => void;
  /** Shown above the cards (the quick-create form of the first column). */
  top?: ReactNode;
}

export function KanbanColumn({ column, ctx, activeId, highlighted, onLoadMore, top }: Props) {
  const { t, i18n } = useTranslation("deals");
  const { stage, deals, nextCursor } = column;
  const { setNodeRef } = useDroppable({
    id: `${COLUMN_PREFIX}${stage.id}`,
    data: { type: "column", stageId: stage.id },
  });
  const scrollRef = useRef<HTMLDivElement>(null);
  const ids = useMemo(() => deals.map((d) => d.id), [deals]);
  const activeIndex = activeId ? ids.indexOf(activeId) : -1;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex >= 0 && !indexes.includes(activeIndex))
        return [...indexes, activeIndex].sort((a, b) => a - b);
      return indexes;
    },
    [activeIndex],
  );
  const virtualizer = useVirtualizer({
    count: deals.length + (nextCursor ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_ESTIMATE + GAP,
    getItemKey: (index) => deals[index]?.id ?? "more",
    overscan: 6,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (nextCursor && last >= deals.length - 5) onLoadMore(stage.id);
  }, [last, deals.length, nextCursor, onLoadMore, stage.id]);

  const sums = sumEntries(column.sums);
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      p={0}
      bg={highlighted ? "var(--mantine-color-orange-light)" : "var(--mantine-color-gray-light)"}
      style={{
        flex: `0 0 ${COLUMN_WIDTH}px`,
        width: COLUMN_WIDTH,
        display: "flex",
        flexDirection: "column",
        height: "100%",
        borderTop: `3px solid ${stage.color ?? `var(--mantine-color-${KIND_COLOR[stage.kind]}-5)`}`,
        transition: "background-color 120ms",
      }}
      data-testid={`kanban-column-${stage.id}`}
      data-kanban-stage={stage.id}
      data-stage-name={stage.name}
      data-stage-kind={stage.kind}
      role="region"
      aria-label={stage.name}
    >
      <Stack gap={2} p="xs" pb={6}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <Text fw={600} size="sm" truncate title={stage.name}>
            {stage.name}
          </Text>
          <Badge
            variant="light"
            color={KIND_COLOR[stage.kind]}
            data-testid={`column-count-${stage.id}`}
            aria-label={t("column.count", { count: column.count })}
          >
            {formatNumber(column.count, i18n.language)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" data-testid={`column-sum-${stage.id}`}>
          {sums.map(([currency, minor]) => formatMoney(minor, currency, i18n.language)).join(" + ")}
        </Text>
      </Stack>
      {top && (
        <Box px="xs" pb="xs">
          {top}
        </Box>
      )}
      <div
        ref={scrollRef}
        style={{ flex: 1, overflowY: "auto", overflowX: "hidden", padding: "0 8px 8px", minHeight: 80 }}
      >
        <SortableContext id={stage.id} items={ids} strategy={verticalListSortingStrategy}>
          {deals.length === 0 && !nextCursor ? (
            <Center h={80}>
              <Text size="xs" c="dimmed">
                {t("column.empty")}
              </Text>
            </Center>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {items.map((item) => {
                const deal = deals[item.index];
                return (
                  <div
                    key={item.key as string}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    style={{
                      position: "absolute",
                      top: 0,
                      left: 0,
                      right: 0,
                      transform: `translateY(${item.start}px)`,
                      paddingBottom: GAP,
                    }}
                  >
                    {deal ? (
                      <DealCard deal={deal} ctx={ctx} />
                    ) : (
                      <Center h={CARD_ESTIMATE / 2}>
                        <Loader size="xs" aria-label={t("column.loading")} />
                      </Center>
                    )}
                  </div>
                );
              })}
            </div>
          )}
        </SortableContext>
      </div>
    </Paper>
  );
}
