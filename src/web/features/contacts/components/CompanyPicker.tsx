// Picks the companies a contact belongs to: searches the API as the person types.
import { MultiSelect } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Page } from "../../../components/records/useInfiniteList.ts";
import { get } from "../../../lib/api.ts";
import { type CompanyRef, companyKey, fetchCompany } from "../api/contacts.ts";

export function CompanyPicker({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  error?: ReactNode;
}) {
  const { t } = useTranslation("contacts");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ["companies", "list", "picker", q],
    queryFn: () => get<Page<CompanyRef>>("/api/companies", { q, limit: 20, sort: "name", order: "asc" }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const picked = useQueries({
    queries: value.map((id) => ({
      queryKey: companyKey(id),
      queryFn: () => fetchCompany(id),
      staleTime: 60_000,
    })),
  });
  const options = new Map<string, string>();
  value.forEach((id, i) => {
    options.set(id, picked[i]?.data?.name ?? t("form.companyUnknown"));
  });
  for (const c of found.data?.items ?? []) options.set(c.id, c.name);
  return (
    <MultiSelect
      label={t("fields.companies")}
      placeholder={value.length ? undefined : t("form.companySearch")}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The API has already searched: show what it found.
      filter={({ options: all }) => all}
      hidePickedOptions
      nothingFoundMessage={found.isFetching ? t("form.searching") : t("form.nothingFound")}
      error={error}
      clearable
      data-testid="contact-companies"
    />
  );
}
