// Leads of one status, newest first, with "show more" for older ones.
import { Button, Center, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Empty, ErrorState, Loading, NotFound } from "../../../components/QueryState.tsx";
import { isNotFound } from "../../../lib/errors.ts";
import { type Lead, type LeadFilter, useLeads } from "../api/unsorted.ts";
import { LeadCard } from "./LeadCard.tsx";

interface LeadListProps {
  filter: LeadFilter;
  onAccept: (lead: Lead) => void;
  onDecline: (lead: Lead) => void;
  onLink: (lead: Lead) => void;
}

export function LeadList({ filter, ...actions }: LeadListProps) {
  const { t } = useTranslation("unsorted");
  const query = useLeads(filter);
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return isNotFound(query.error) ? (
      <NotFound />
    ) : (
      <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    );
  }
  const leads = query.data.pages.flatMap((p) => p.items);
  if (leads.length === 0) return <Empty>{t(`empty.${filter.status}`)}</Empty>;
  return (
    <Stack gap="sm" data-testid={`unsorted-list-${filter.status}`}>
      {leads.map((lead) => (
        <LeadCard key={lead.id} lead={lead} {...actions} />
      ))}
      {query.hasNextPage && (
        <Center>
          <Button
            variant="light"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
            data-testid="unsorted-load-more"
          >
            {t("actions.loadMore", { ns: "common" })}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
