// Linking a lead to a contact and/or deal that already exist (a repeat enquiry), found by text.
import { Modal, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../../components/FormModal.tsx";
import { formatMoney, formatPhone } from "../../../lib/format.ts";
import { type Found, type Lead, linkLead, searchContacts, searchDeals } from "../api/unsorted.ts";
import { useLeadChange } from "../api/useLeadChange.ts";
import { leadSummary } from "../summary.ts";

interface RecordSearchProps {
  kind: "contact" | "deal";
  initial: string;
  value: Found | null;
  onChange: (found: Found | null) => void;
}

function RecordSearch({ kind, initial, value, onChange }: RecordSearchProps) {
  const { t, i18n } = useTranslation("unsorted");
  const [search, setSearch] = useState(initial);
  const [q] = useDebouncedValue(search.trim(), 300);
  const results = useQuery({
    queryKey: ["unsorted", "link-search", kind, q],
    queryFn: () => (kind === "contact" ? searchContacts(q) : searchDeals(q)),
    enabled: q.length >= 2,
    staleTime: 30_000,
  });
  const found = results.data ?? [];
  const options = [...(value && !found.some((f) => f.id === value.id) ? [value] : []), ...found];
  const labelOf = (f: Found) => {
    const hint = f.money
      ? formatMoney(f.money.amountMinor, f.money.currency, i18n.language)
      : f.hint?.startsWith("+")
        ? formatPhone(f.hint)
        : f.hint;
    return hint ? `${f.label} · ${hint}` : f.label;
  };
  return (
    <Select
      label={t(`link.${kind}`)}
      placeholder={t("link.searchPlaceholder")}
      searchable
      clearable
      filter={({ options: all }) => all}
      searchValue={search}
      onSearchChange={setSearch}
      data={options.map((f) => ({ value: f.id, label: labelOf(f) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(options.find((f) => f.id === id) ?? null)}
      nothingFoundMessage={
        q.length < 2
          ? t("link.typeMore")
          : results.isFetching
            ? t("state.loading", { ns: "common" })
            : t("link.nothing")
      }
      data-testid={`unsorted-link-search-${kind}`}
    />
  );
}

export function LinkDialog({ lead, onClose }: { lead: Lead | null; onClose: () => void }) {
  const { t } = useTranslation("unsorted");
  const change = useLeadChange(onClose);
  const [contact, setContact] = useState<Found | null>(null);
  const [deal, setDeal] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (lead) {
      setContact(null);
      setDeal(null);
      setError(null);
    }
  }, [lead]);

  if (!lead) return <Modal opened={false} onClose={onClose} />;
  const summary = leadSummary(lead);
  const initial = summary.phone ?? summary.email ?? summary.name ?? "";

  const submit = () => {
    if (!contact && !deal) {
      setError(t("link.pickOne"));
      return;
    }
    const body = { ...(contact ? { contactId: contact.id } : {}), ...(deal ? { dealId: deal.id } : {}) };
    return change(() => linkLead(lead.id, body), t("notify.linked"));
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("link.title")}
      submitLabel={t("link.submit")}
      submitTestId="unsorted-link-submit"
      onSubmit={submit}
    >
      <Text size="sm" c="dimmed">
        {t("link.hint")}
      </Text>
      <RecordSearch kind="contact" initial={initial} value={contact} onChange={setContact} />
      <RecordSearch kind="deal" initial="" value={deal} onChange={setDeal} />
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </FormModal>
  );
}
