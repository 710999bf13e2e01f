// The company's people: links to their cards; link another contact, or unlink one.
import { ActionIcon, Anchor, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconLink, IconUnlink } from "@tabler/icons-react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import type { Page } from "../../../components/records/useInfiniteList.ts";
import { get } from "../../../lib/api.ts";
import { formatPhone, personName } from "../../../lib/format.ts";
import { useLiveEvents } from "../../../lib/live.ts";
import { useSession } from "../../../lib/session.ts";
import {
  type CompanyContact,
  companyContactsKey,
  companyKeys,
  setContactCompanies,
} from "../api/companies.ts";

const LIMIT = 50;

const nameOf = (c: CompanyContact, noName: string) =>
  personName(c) || c.emails[0]?.email || (c.phones[0] ? formatPhone(c.phones[0].number) : noName);

function LinkContact({ companyId, onDone }: { companyId: string; onDone: () => void }) {
  const { t } = useTranslation("companies");
  const { t: tc } = useTranslation();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [busy, setBusy] = useState(false);
  const found = useQuery({
    queryKey: ["contacts", "picker", q],
    queryFn: () => get<Page<CompanyContact>>("/api/contacts", { q, limit: 20, sort: "name", order: "asc" }),
    placeholderData: keepPreviousData,
  });
  const candidates = (found.data?.items ?? []).filter((c) => !c.companyIds.includes(companyId));
  const pick = async (id: string | null) => {
    const contact = candidates.find((c) => c.id === id);
    if (!contact) return;
    setBusy(true);
    try {
      await setContactCompanies(contact.id, [...contact.companyIds, companyId]);
      notifyDone(t("contacts.linked"));
      onDone();
    } catch (err) {
      notifyError(err, tc);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Select
      aria-label={t("contacts.linkSearch")}
      placeholder={t("contacts.linkSearch")}
      data={candidates.map((c) => ({ value: c.id, label: nameOf(c, t("noName")) }))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id) => void pick(id)}
      value={null}
      disabled={busy}
      nothingFoundMessage={t("contacts.nothingFound")}
      data-testid="company-contact-link-select"
    />
  );
}

export function CompanyContacts({ companyId }: { companyId: string }) {
  const { t } = useTranslation("companies");
  const { t: tc } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const [linking, setLinking] = useState(false);
  const contacts = useQuery({
    queryKey: companyContactsKey(companyId),
    queryFn: () =>
      get<Page<CompanyContact>>("/api/contacts", { companyId, limit: LIMIT, sort: "name", order: "asc" }),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["contacts"] });
    void client.invalidateQueries({ queryKey: companyKeys.detail(companyId) });
  };
  // A contact joining or leaving the company (here or elsewhere) changes this list.
  useLiveEvents(["contact."], () => void client.invalidateQueries({ queryKey: ["contacts"] }));
  const unlink = async (contact: CompanyContact) => {
    try {
      await setContactCompanies(
        contact.id,
        contact.companyIds.filter((id) => id !== companyId),
      );
      notifyDone(t("contacts.unlinked"));
      refresh();
    } catch (err) {
      notifyError(err, tc);
    }
  };
  return (
    <Paper withBorder p="md" data-testid="company-contacts">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {t("contacts.title")}
        </Title>
        {can("records.update") && (
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconLink size={14} />}
            onClick={() => setLinking((v) => !v)}
            data-testid="company-contact-link"
          >
            {t("contacts.link")}
          </Button>
        )}
      </Group>
      {linking && (
        <Stack mb="sm">
          <LinkContact
            companyId={companyId}
            onDone={() => {
              setLinking(false);
              refresh();
            }}
          />
        </Stack>
      )}
      <QueryState query={contacts} isEmpty={(d) => d.items.length === 0} empty={t("contacts.empty")}>
        {(data) => (
          <Stack gap={6}>
            {data.items.map((c) => (
              <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="company-contact">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500} truncate="end">
                    {nameOf(c, t("noName"))}
                  </Anchor>
                  {(c.position || c.phones[0]) && (
                    <Text size="xs" c="dimmed" truncate="end">
                      {[c.position, c.phones[0] ? formatPhone(c.phones[0].number) : null]
                        .filter(Boolean)
                        .join(" · ")}
                    </Text>
                  )}
                </Stack>
                {can("records.update") && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t("contacts.unlink", { name: nameOf(c, t("noName")) })}
                    onClick={() => void unlink(c)}
                  >
                    <IconUnlink size={16} />
                  </ActionIcon>
                )}
              </Group>
            ))}
            {data.nextCursor && (
              <Anchor component={Link} to={`/contacts?companyId=${encodeURIComponent(companyId)}`} size="sm">
                {t("contacts.all")}
              </Anchor>
            )}
          </Stack>
        )}
      </QueryState>
      {!contacts.data?.nextCursor && (contacts.data?.items.length ?? 0) > 0 && (
        <Anchor
          component={Link}
          to={`/contacts?companyId=${encodeURIComponent(companyId)}`}
          size="xs"
          c="dimmed"
        >
          {t("contacts.openList")}
        </Anchor>
      )}
    </Paper>
  );
}
