// Finds a contact or a company by name, phone, e-mail or INN on the server and hands back its id.
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPhone, personName } from "../../../lib/format.ts";
import { useRecordSearch } from "../api/records.ts";
import type { CompanySummary, ContactSummary } from "../api/types.ts";

/** How a contact is named in lists: the name, else the phone, else the e-mail. */
export function contactLabel(c: ContactSummary, fallback: string): string {
  const phone = c.phones?.[0]?.number;
  return personName(c) || (phone ? formatPhone(phone) : "") || c.emails?.[0]?.email || fallback;
}

interface Props {
  what: "contacts" | "companies";
  label: string;
  exclude?: string[];
  onPick: (id: string) => void;
  disabled?: boolean;
  testId?: string;
}

export function RecordPicker({ what, label, exclude = [], onPick, disabled, testId }: Props) {
  const { t } = useTranslation("deals");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const found = useRecordSearch(what, q, opened);
  const data = (found.data?.items ?? [])
    .filter((r) => !exclude.includes(r.id))
    .map((r) => ({
      value: r.id,
      label:
        what === "contacts"
          ? contactLabel(r as ContactSummary, t("links.noName"))
          : [(r as CompanySummary).name, (r as CompanySummary).inn].filter(Boolean).join(" · "),
    }));
  return (
    <Select
      size="sm"
      searchable
      placeholder={label}
      aria-label={label}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      data={data}
      filter={({ options }) => options}
      nothingFoundMessage={found.isFetching ? t("links.searching") : t("links.nothing")}
      disabled={disabled}
      data-testid={testId}
      onChange={(id) => {
        if (!id) return;
        onPick(id);
        setSearch("");
      }}
    />
  );
}
