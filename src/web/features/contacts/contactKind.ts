// Contacts as the shared record pages see them.
import type { RecordKind } from "../../components/records/recordKind.ts";
import { type Contact, contactApi, contactKeys } from "./api/contacts.ts";
import { ContactForm } from "./components/ContactForm.tsx";
import { ContactName, contactTitle } from "./components/names.tsx";
import { type ContactBody, type ContactFormValues, contactToForm, emptyContactForm } from "./contactForm.ts";

export const contactKind: RecordKind<Contact, ContactFormValues, ContactBody> = {
  entity: "contact",
  plural: "contacts",
  keys: contactKeys,
  api: contactApi,
  title: contactTitle,
  Name: ContactName,
  form: { Form: ContactForm, toForm: contactToForm, empty: emptyContactForm },
};
