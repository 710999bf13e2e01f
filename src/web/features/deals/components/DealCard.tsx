// A deal on the board: title, amount, owner, tags; draggable by mouse, touch and keyboard.
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Anchor, Avatar, Badge, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconThumbDown, IconTrophy } from "@tabler/icons-react";
import type { CSSProperties, MouseEvent, PointerEvent, TouchEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { formatMoney } from "../../../lib/format.ts";
import type { Tag } from "../../../lib/session.ts";
import type { BoardDeal } from "../api/types.ts";

export interface CardContext {
  memberName: (userId: string | null) => string | null;
  tagsById: Map<string, Tag>;
  onWon: (deal: BoardDeal) => void;
  onLost: (deal: BoardDeal) => void;
  /** True right after a drag ended: the click that follows the drop must not open the card. */
  suppressClick: () => boolean;
}

/** "Анна Петрова" → "АП". */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? "")
    .join("");
}

/** What a card shows; also the picture under the pointer while dragging (`overlay`). */
export function CardBody({
  deal,
  ctx,
  overlay = false,
}: {
  deal: BoardDeal;
  ctx: CardContext;
  overlay?: boolean;
}) {
  const { t, i18n } = useTranslation("deals");
  const owner = ctx.memberName(deal.ownerId);
  const tags = deal.tagIds.map((id) => ctx.tagsById.get(id)).filter((tag): tag is Tag => Boolean(tag));
  // Buttons and the link inside a card act on their own: no drag starts from them, no card click follows.
  const stop = {
    onClick: (e: MouseEvent) => e.stopPropagation(),
    onPointerDown: (e: PointerEvent) => e.stopPropagation(),
    onTouchStart: (e: TouchEvent) => e.stopPropagation(),
  };
  return (
    <Stack gap={6}>
      {overlay ? (
        <Text fw={600} size="sm" lineClamp={2}>
          {deal.title}
        </Text>
      ) : (
        <Anchor
          component={Link}
          to={`/deals/${deal.id}`}
          fw={600}
          size="sm"
          c="inherit"
          lineClamp={2}
          draggable={false}
          onClick={(e: MouseEvent) => {
            e.stopPropagation();
            if (ctx.suppressClick()) e.preventDefault();
          }}
        >
          {deal.title}
        </Anchor>
      )}
      <Group justify="space-between" gap={6} wrap="nowrap">
        <Text size="sm" c={deal.amountMinor ? undefined : "dimmed"}>
          {formatMoney(deal.amountMinor, deal.currency, i18n.language)}
        </Text>
        <Group gap={4} wrap="nowrap">
          {!overlay && deal.status === "open" && (
            <>
              <Tooltip label={t("card.won")} withArrow>
                <ActionIcon
                  variant="subtle"
                  color="teal"
                  size="sm"
                  aria-label={t("card.wonAria", { title: deal.title })}
                  {...stop}
                  onClick={(e) => {
                    e.stopPropagation();
                    ctx.onWon(deal);
                  }}
                >
                  <IconTrophy size={15} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t("card.lost")} withArrow>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  aria-label={t("card.lostAria", { title: deal.title })}
                  {...stop}
                  onClick={(e) => {
                    e.stopPropagation();
                    ctx.onLost(deal);
                  }}
                >
                  <IconThumbDown size={15} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
          {owner && (
            <Tooltip label={owner} withArrow>
              <Avatar size={24} radius="xl" color="orange" aria-label={t("card.owner", { name: owner })}>
                {initials(owner)}
              </Avatar>
            </Tooltip>
          )}
        </Group>
      </Group>
      {tags.length > 0 && (
        <Group gap={4}>
          {tags.slice(0, 2).map((tag) => (
            <Badge key={tag.id} size="xs" variant="light" color={tag.color ?? "gray"} maw={120}>
              {tag.name}
            </Badge>
          ))}
          {tags.length > 2 && (
            <Text size="xs" c="dimmed">
              +{tags.length - 2}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

export function DealCard({ deal, ctx }: { deal: BoardDeal; ctx: CardContext }) {
  const { t, i18n } = useTranslation("deals");
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id: deal.id,
      data: { type: "card", stageId: deal.stageId, title: deal.title },
      attributes: { roleDescription: t("card.role") },
    });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(transform),
    transition,
    opacity: isDragging ? 0.35 : 1,
    cursor: "grab",
    touchAction: "manipulation",
  };
  return (
    <Paper
      ref={(node) => {
        setNodeRef(node);
        setActivatorNodeRef(node);
      }}
      withBorder
      shadow="xs"
      p="xs"
      style={style}
      data-testid={`deal-card-${deal.id}`}
      data-deal-id={deal.id}
      data-stage-id={deal.stageId}
      data-deal-title={deal.title}
      {...attributes}
      {...listeners}
      aria-label={t("card.aria", {
        title: deal.title,
        amount: formatMoney(deal.amountMinor, deal.currency, i18n.language),
      })}
      onClick={() => {
        if (!ctx.suppressClick()) navigate(`/deals/${deal.id}`);
      }}
    >
      <CardBody deal={deal} ctx={ctx} />
    </Paper>
  );
}
