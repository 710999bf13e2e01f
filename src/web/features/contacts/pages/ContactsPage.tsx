// /contacts: the shared list page with the contacts' columns and filters (and the company chip).
import { RecordListPage } from "../../../components/records/RecordListPage.tsx";
import { ContactsToolbar } from "../components/ContactsToolbar.tsx";
import { CONTACT_DEFAULT_COLUMNS, contactColumns } from "../components/contactColumns.tsx";
import { contactKind } from "../contactKind.ts";

export default function ContactsPage() {
  return (
    <RecordListPage
      kind={contactKind}
      columns={contactColumns}
      defaultColumns={CONTACT_DEFAULT_COLUMNS}
      Toolbar={ContactsToolbar}
    />
  );
}
