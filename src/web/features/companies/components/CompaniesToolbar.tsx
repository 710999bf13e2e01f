// The filters of the companies list: the shared ones plus an exact INN.
import { TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ListFilters } from "../../../components/records/ListFilters.tsx";
import { withFilter } from "../../../components/records/listQuery.ts";
import type { ToolbarProps } from "../../../components/records/RecordListPage.tsx";

function InnFilter({ value, onChange }: { value: string; onChange: (inn: string | null) => void }) {
  const { t } = useTranslation("companies");
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => {
    const inn = text.replace(/\s+/g, "");
    if (inn !== value) onChange(inn || null);
  };
  return (
    <TextInput
      aria-label={t("filters.inn")}
      placeholder={t("filters.inn")}
      inputMode="numeric"
      maxLength={12}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(e) => {
        if (e.key === "Enter") apply();
      }}
      w={{ base: "100%", xs: 150 }}
      data-testid="filter-inn"
    />
  );
}

export function CompaniesToolbar({ state, onChange, fields }: ToolbarProps) {
  return (
    <ListFilters state={state} onChange={onChange} searchTestId="companies-search" customFields={fields}>
      <InnFilter
        value={state.filters.inn ?? ""}
        onChange={(inn) => onChange(withFilter(state, "inn", inn))}
      />
    </ListFilters>
  );
}
