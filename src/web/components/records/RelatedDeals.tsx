// The deals of a contact or a company: title (a link to the deal), stage and amount; the open total.
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { get } from "../../lib/api.ts";
import { formatMoney } from "../../lib/format.ts";
import { useLiveEvents } from "../../lib/live.ts";
import { type Stage, usePipelines, useSession } from "../../lib/session.ts";
import { QueryState } from "../QueryState.tsx";
import type { Page } from "./useInfiniteList.ts";

export interface RelatedDeal {
  id: string;
  title: string;
  amountMinor: number;
  currency: string;
  stageId: string;
  status: "open" | "won" | "lost";
  createdAt: string;
}

export type DealOwner = { contactId: string } | { companyId: string };

/** Deals shown on a card; the rest are a click away on the deals page. */
const LIMIT = 100;

const STATUS_COLOR = { open: "blue", won: "teal", lost: "red" } as const;

export function RelatedDeals({ of }: { of: DealOwner }) {
  const { t, i18n } = useTranslation("records");
  const { workspace } = useSession();
  const client = useQueryClient();
  const pipelines = usePipelines();
  const deals = useQuery({
    queryKey: ["related-deals", of],
    queryFn: () =>
      get<Page<RelatedDeal>>("/api/deals", { ...of, limit: LIMIT, sort: "createdAt", order: "desc" }),
  });
  useLiveEvents(["deal."], () => void client.invalidateQueries({ queryKey: ["related-deals"] }));
  const stages = new Map<string, Stage>(
    (pipelines.data ?? []).flatMap((p) => p.stages.map((s) => [s.id, s] as const)),
  );
  const lang = i18n.language;
  const openTotals = new Map<string, number>();
  for (const d of deals.data?.items ?? [])
    if (d.status === "open") openTotals.set(d.currency, (openTotals.get(d.currency) ?? 0) + d.amountMinor);
  return (
    <Paper withBorder p="md" data-testid="related-deals">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {t("deals.title")}
          {deals.data ? ` (${deals.data.items.length}${deals.data.nextCursor ? "+" : ""})` : ""}
        </Title>
        {openTotals.size > 0 && (
          <Text size="sm" c="dimmed">
            {t("deals.openTotal")}:{" "}
            {[...openTotals]
              .map(([currency, sum]) => formatMoney(sum, currency || workspace.currency, lang))
              .join(" + ")}
          </Text>
        )}
      </Group>
      <QueryState query={deals} isEmpty={(data) => data.items.length === 0} empty={t("deals.empty")}>
        {(data) => (
          <Stack gap="xs">
            {data.items.map((deal) => {
              const stage = stages.get(deal.stageId);
              return (
                <Group
                  key={deal.id}
                  justify="space-between"
                  wrap="nowrap"
                  gap="xs"
                  data-testid="related-deal"
                >
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" fw={500} truncate="end">
                      {deal.title}
                    </Anchor>
                    <Badge
                      size="xs"
                      variant="light"
                      color={
                        deal.status === "open"
                          ? (stage?.color ?? STATUS_COLOR.open)
                          : STATUS_COLOR[deal.status]
                      }
                    >
                      {stage?.name ?? t(`deals.status.${deal.status}`)}
                    </Badge>
                  </Stack>
                  <Text size="sm" fw={500} style={{ whiteSpace: "nowrap" }}>
                    {formatMoney(deal.amountMinor, deal.currency || workspace.currency, lang)}
                  </Text>
                </Group>
              );
            })}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
