// The columns the contacts table can show (the column menu lists them all; custom fields at the end).
import { Anchor, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { Link } from "react-router";
import { CustomFieldValue } from "../../../components/records/CustomFieldValue.tsx";
import { MemberName, SourceName, TagBadges } from "../../../components/records/display.tsx";
import { EmailLinks, PhoneLinks, TelegramLink } from "../../../components/records/Points.tsx";
import type { Column } from "../../../components/records/RecordTable.tsx";
import { formatDate } from "../../../lib/format.ts";
import type { CustomField } from "../../../lib/session.ts";
import type { Contact } from "../api/contacts.ts";
import { CompanyLinks, contactTitle } from "./names.tsx";

export const CONTACT_DEFAULT_COLUMNS = ["name", "phone", "email", "company", "owner", "tags", "createdAt"];
export const CONTACT_ALWAYS = ["name"];

function More({ count }: { count: number }) {
  return count > 1 ? (
    <Text span size="xs" c="dimmed">
      {" "}
      +{count - 1}
    </Text>
  ) : null;
}

export function contactColumns(
  t: TFunction<"contacts">,
  lang: string,
  fields: CustomField[],
  currency: string,
): Column<Contact>[] {
  const columns: Column<Contact>[] = [
    {
      key: "name",
      label: t("fields.name"),
      sort: "name",
      render: (c) => (
        <Anchor component={Link} to={`/contacts/${c.id}`} fw={500} size="sm" data-testid="contact-link">
          {contactTitle(c, t("noName"))}
        </Anchor>
      ),
    },
    {
      key: "phone",
      label: t("fields.phone"),
      render: (c) =>
        c.phones[0] ? (
          <>
            <PhoneLinks phones={c.phones.slice(0, 1)} withType={false} />
            <More count={c.phones.length} />
          </>
        ) : null,
    },
    {
      key: "email",
      label: t("fields.email"),
      render: (c) =>
        c.emails[0] ? (
          <>
            <EmailLinks emails={c.emails.slice(0, 1)} withType={false} />
            <More count={c.emails.length} />
          </>
        ) : null,
    },
    {
      key: "company",
      label: t("fields.companies"),
      render: (c) => <CompanyLinks ids={c.companyIds} compact />,
    },
    { key: "position", label: t("fields.position"), render: (c) => c.position },
    { key: "owner", label: t("fields.owner"), render: (c) => <MemberName id={c.ownerId} /> },
    { key: "source", label: t("fields.source"), render: (c) => <SourceName id={c.sourceId} /> },
    { key: "tags", label: t("fields.tags"), render: (c) => <TagBadges ids={c.tagIds} /> },
    {
      key: "telegram",
      label: t("fields.telegramUsername"),
      render: (c) => (c.telegramUsername ? <TelegramLink username={c.telegramUsername} /> : null),
    },
    {
      key: "createdAt",
      label: t("fields.createdAt"),
      sort: "createdAt",
      render: (c) => formatDate(c.createdAt, lang),
    },
    {
      key: "updatedAt",
      label: t("fields.updatedAt"),
      sort: "updatedAt",
      render: (c) => formatDate(c.updatedAt, lang),
    },
  ];
  for (const field of fields) {
    columns.push({
      key: `cf.${field.key}`,
      label: field.label,
      sort: `cf.${field.key}`,
      render: (c) => <CustomFieldValue field={field} value={c.customFields[field.key]} currency={currency} />,
    });
  }
  return columns;
}
