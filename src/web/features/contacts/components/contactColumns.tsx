// The contacts' own columns (the column menu lists them all, with the name first and custom fields last).
import type { TFunction } from "i18next";
import { SourceName } from "../../../components/records/display.tsx";
import { TelegramLink } from "../../../components/records/Points.tsx";
import type { Column } from "../../../components/records/RecordTable.tsx";
import { commonColumns } from "../../../components/records/recordColumns.tsx";
import type { Contact } from "../api/contacts.ts";
import { CompanyLinks } from "./names.tsx";

export const CONTACT_DEFAULT_COLUMNS = ["name", "phone", "email", "company", "owner", "tags", "createdAt"];

export function contactColumns(t: TFunction, lang: string): Column<Contact>[] {
  const common = commonColumns<Contact>(t, lang);
  return [
    common.phone,
    common.email,
    {
      key: "company",
      label: t("fields.companies"),
      render: (c) => <CompanyLinks ids={c.companyIds} compact />,
    },
    { key: "position", label: t("fields.position"), render: (c) => c.position },
    common.owner,
    { key: "source", label: t("fields.source"), render: (c) => <SourceName id={c.sourceId} /> },
    common.tags,
    {
      key: "telegram",
      label: t("fields.telegramUsername"),
      render: (c) => (c.telegramUsername ? <TelegramLink username={c.telegramUsername} /> : null),
    },
    common.createdAt,
    common.updatedAt,
  ];
}
