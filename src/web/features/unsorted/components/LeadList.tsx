// Leads of one status, newest first, with "show more" for older ones.
import { useTranslation } from "react-i18next";
import { PagedList } from "../../../components/PagedList.tsx";
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
  return (
    <PagedList
      query={useLeads(filter)}
      empty={t(`empty.${filter.status}`)}
      gap="sm"
      testId={`unsorted-list-${filter.status}`}
      loadMoreTestId="unsorted-load-more"
    >
      {(lead) => <LeadCard key={lead.id} lead={lead} {...actions} />}
    </PagedList>
  );
}
