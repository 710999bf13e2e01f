// Names of records referenced by id: a contact's companies, a possible duplicate.
import { Anchor, Group, Text } from "@mantine/core";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { personName } from "../../../lib/format.ts";
import { type Contact, companyKey, contactKeys, fetchCompany, fetchContact } from "../api/contacts.ts";

/** The links to a contact's companies (each looked up once and cached). */
export function CompanyLinks({ ids, compact = false }: { ids: string[]; compact?: boolean }) {
  const { t } = useTranslation("contacts");
  const companies = useQueries({
    queries: ids.map((id) => ({
      queryKey: companyKey(id),
      queryFn: () => fetchCompany(id),
      staleTime: 60_000,
    })),
  });
  if (ids.length === 0)
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={compact ? 4 : 8} wrap={compact ? "nowrap" : "wrap"}>
      {ids.map((id, i) => {
        const company = companies[i];
        const name = company?.data?.name ?? (company?.isError ? t("form.companyUnknown") : "…");
        return (
          <Anchor
            key={id}
            component={Link}
            to={`/companies/${id}`}
            size="sm"
            data-testid="contact-company-link"
          >
            {name}
            {compact && i < ids.length - 1 ? "," : ""}
          </Anchor>
        );
      })}
    </Group>
  );
}

/** A contact's display name: "Петров Иван", or its first phone or e-mail, or "Без имени". */
export function contactTitle(
  contact: Pick<Contact, "firstName" | "lastName" | "middleName" | "phones" | "emails">,
  noName: string,
) {
  return personName(contact) || contact.emails[0]?.email || contact.phones[0]?.number || noName;
}

export function ContactName({ id }: { id: string }) {
  const { t } = useTranslation("contacts");
  const contact = useQuery({
    queryKey: contactKeys.detail(id),
    queryFn: () => fetchContact(id),
    staleTime: 60_000,
  });
  if (!contact.data) return <>{contact.isError ? t("noName") : "…"}</>;
  return <>{contactTitle(contact.data, t("noName"))}</>;
}
