// /companies: the shared list page with the companies' columns and filters (and an exact INN).
import { RecordListPage } from "../../../components/records/RecordListPage.tsx";
import { companyKind } from "../companyKind.ts";
import { CompaniesToolbar } from "../components/CompaniesToolbar.tsx";
import { COMPANY_DEFAULT_COLUMNS, companyColumns } from "../components/companyColumns.tsx";

export default function CompaniesPage() {
  return (
    <RecordListPage
      kind={companyKind}
      columns={companyColumns}
      defaultColumns={COMPANY_DEFAULT_COLUMNS}
      Toolbar={CompaniesToolbar}
    />
  );
}
