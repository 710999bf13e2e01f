// What sits between the page title and the contacts table: the filters, and a chip for the company the
// list is narrowed to (when opened from a company's card).
import { Badge, CloseButton, Group } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ListFilters } from "../../../components/records/ListFilters.tsx";
import { withFilter } from "../../../components/records/listQuery.ts";
import type { ToolbarProps } from "../../../components/records/RecordListPage.tsx";
import { companyKey, fetchCompany } from "../api/contacts.ts";

function CompanyChip({ id, onClear }: { id: string; onClear: () => void }) {
  const { t } = useTranslation("contacts");
  const company = useQuery({ queryKey: companyKey(id), queryFn: () => fetchCompany(id), staleTime: 60_000 });
  return (
    <Badge
      size="lg"
      variant="light"
      data-testid="filter-company"
      rightSection={<CloseButton size="xs" aria-label={t("list.clearCompany")} onClick={onClear} />}
    >
      {t("list.company", { name: company.data?.name ?? "…" })}
    </Badge>
  );
}

export function ContactsToolbar({ state, onChange, fields }: ToolbarProps) {
  const companyId = state.filters.companyId;
  return (
    <>
      {companyId && (
        <Group mb="xs">
          <CompanyChip id={companyId} onClear={() => onChange(withFilter(state, "companyId", null))} />
        </Group>
      )}
      <ListFilters
        state={state}
        onChange={onChange}
        searchTestId="contacts-search"
        withSource
        customFields={fields}
      />
    </>
  );
}
