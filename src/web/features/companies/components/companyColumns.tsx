// The companies' own columns (the column menu lists them all, with the name first and custom fields last).
import { Anchor, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { Link } from "react-router";
import type { Column } from "../../../components/records/RecordTable.tsx";
import { commonColumns } from "../../../components/records/recordColumns.tsx";
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

const siteLabel = (url: string) => url.replace(/^https?:\/\//, "").replace(/\/$/, "");

export function companyColumns(t: TFunction, lang: string): Column<Company>[] {
  const common = commonColumns<Company>(t, lang);
  const text = (key: "legalForm" | "legalName" | "inn" | "kpp" | "ogrn"): Column<Company> => ({
    key,
    label: t(`fields.${key}`),
    render: (c) => c[key],
  });
  return [
    text("legalForm"),
    text("legalName"),
    text("inn"),
    text("kpp"),
    text("ogrn"),
    common.phone,
    common.email,
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
    common.owner,
    common.tags,
    common.createdAt,
    common.updatedAt,
  ];
}
