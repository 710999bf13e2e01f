// /contacts/:id: the shared card with the contact's fields (how to reach them, companies, custom fields).
import { RecordCardPage } from "../../../components/records/RecordCardPage.tsx";
import { ContactDetails } from "../components/ContactDetails.tsx";
import { contactKind } from "../contactKind.ts";

export default function ContactPage() {
  return (
    <RecordCardPage
      kind={contactKind}
      details={(contact, fields) => <ContactDetails contact={contact} fields={fields} />}
    />
  );
}
