// /companies/:id: the shared card with the company's general fields, its requisites and its people.
import { RecordCardPage } from "../../../components/records/RecordCardPage.tsx";
import { companyKind } from "../companyKind.ts";
import { CompanyContacts } from "../components/CompanyContacts.tsx";
import { CompanyDetails } from "../components/CompanyDetails.tsx";
import { Requisites } from "../components/Requisites.tsx";

export default function CompanyPage() {
  return (
    <RecordCardPage
      kind={companyKind}
      details={(company, fields) => <CompanyDetails company={company} fields={fields} />}
      below={(company, editing) => (
        <>
          {!editing && <Requisites company={company} />}
          <CompanyContacts companyId={company.id} />
        </>
      )}
      // A contact joining or leaving the company changes the company.
      watch={["contact."]}
    />
  );
}
