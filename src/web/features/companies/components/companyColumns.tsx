// The columns the companies table can show (the column menu lists them all; custom fields at the end).
import { Anchor, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { Link } from "react-router";
import { CustomFieldValue } from "../../../components/records/CustomFieldValue.tsx";
import { MemberName, TagBadges } from "../../../components/records/display.tsx";
import { EmailLinks, PhoneLinks } from "../../../components/records/Points.tsx";
import type { Column } from "../../../components/records/RecordTable.tsx";
import { formatDate } from "../../../lib/format.ts";
import type { CustomField } from "../../../lib/session.ts";
import type { Company } from "../api/companies.ts";

export const COMPANY_DEFAULT_COLUMNS = [
  "name",
  "inn",
  "phone",
  "email",
  "contacts",
  "owner",
  "tags",
  "createdAt",
];
export const COMPANY_ALWAYS = ["name"];

function More({ count }: { count: number }) {
  return count > 1 ? (
    <Text span size="xs" c="dimmed">
      {" "}
      +{count - 1}
    </Text>
  ) : null;
}

const siteLabel = (url: string) => url.replace(/^https?:\/\//, "").replace(/\/$/, "");

export function companyColumns(
  t: TFunction<"companies">,
  lang: string,
  fields: CustomField[],
  currency: string,
): Column<Company>[] {
  const text = (key: "legalForm" | "legalName" | "inn" | "kpp" | "ogrn"): Column<Company> => ({
    key,
    label: t(`fields.${key}`),
    render: (c) => c[key],
  });
  const columns: Column<Company>[] = [
    {
      key: "name",
      label: t("fields.name"),
      sort: "name",
      render: (c) => (
        <Anchor component={Link} to={`/companies/${c.id}`} fw={500} size="sm" data-testid="company-link">
          {c.name}
        </Anchor>
      ),
    },
    text("legalForm"),
    text("legalName"),
    text("inn"),
    text("kpp"),
    text("ogrn"),
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
      key: "website",
      label: t("fields.website"),
      render: (c) =>
        c.website ? (
          <Anchor href={c.website} target="_blank" rel="noopener noreferrer" size="sm">
            {siteLabel(c.website)}
          </Anchor>
        ) : null,
    },
    {
      key: "contacts",
      label: t("fields.contacts"),
      render: (c) =>
        c.contactIds.length > 0 ? (
          <Anchor component={Link} to={`/contacts?companyId=${encodeURIComponent(c.id)}`} size="sm">
            {c.contactIds.length}
          </Anchor>
        ) : (
          <Text span size="sm" c="dimmed">
            0
          </Text>
        ),
    },
    {
      key: "legalAddress",
      label: t("fields.legalAddress"),
      render: (c) => (
        <Text size="sm" maw={320} truncate="end" title={c.legalAddress ?? undefined}>
          {c.legalAddress}
        </Text>
      ),
    },
    { key: "owner", label: t("fields.owner"), render: (c) => <MemberName id={c.ownerId} /> },
    { key: "tags", label: t("fields.tags"), render: (c) => <TagBadges ids={c.tagIds} /> },
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
