// The contact form's values: from a contact, empty for a new one, and as the API's body.
import type { z } from "zod";
import type { contactInput } from "../../../common/contacts.ts";
import {
  customFieldsBody,
  customFieldsToForm,
  type FieldValue,
} from "../../components/records/customFieldValues.ts";
import { type Prepared, textOrNull } from "../../components/records/formErrors.ts";
import { type PointsValues, pointsBody, pointsToForm } from "../../components/records/points.ts";
import type { CustomField } from "../../lib/session.ts";
import type { Contact } from "./api/contacts.ts";

export type ContactBody = z.input<typeof contactInput>;

export interface ContactFormValues extends PointsValues {
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  telegramUsername: string;
  telegramId: string;
  whatsappId: string;
  companyIds: string[];
  tagIds: string[];
  ownerId: string | null;
  sourceId: string | null;
  customFields: Record<string, FieldValue>;
}

export const CONTACT_POINTS = { phone: "mobile", email: "work" } as const;

/** A contact as the API returns it, without what the form does not edit. */
type ContactLike = Omit<Contact, "id" | "createdBy" | "updatedBy" | "createdAt" | "updatedAt">;

export function contactToForm(contact: ContactLike, fields: readonly CustomField[]): ContactFormValues {
  return {
    lastName: contact.lastName ?? "",
    firstName: contact.firstName ?? "",
    middleName: contact.middleName ?? "",
    position: contact.position ?? "",
    telegramUsername: contact.telegramUsername ?? "",
    telegramId: contact.telegramId ?? "",
    whatsappId: contact.whatsappId ?? "",
    ...pointsToForm(contact, CONTACT_POINTS),
    companyIds: [...contact.companyIds],
    tagIds: [...contact.tagIds],
    ownerId: contact.ownerId,
    sourceId: contact.sourceId,
    customFields: customFieldsToForm(fields, contact.customFields),
  };
}

/** A new contact: owned by the person creating it, optionally already in a company. */
export function emptyContactForm(
  ownerId: string | null,
  fields: readonly CustomField[],
  preset: { companyIds?: string[] } = {},
): ContactFormValues {
  return contactToForm(
    {
      firstName: null,
      lastName: null,
      middleName: null,
      phones: [],
      emails: [],
      telegramUsername: null,
      telegramId: null,
      whatsappId: null,
      position: null,
      sourceId: null,
      ownerId,
      customFields: {},
      companyIds: preset.companyIds ?? [],
      tagIds: [],
    },
    fields,
  );
}

/** The body for POST and PATCH: every field (null clears it), empty rows left out. */
export function contactBody(
  values: ContactFormValues,
  fields: readonly CustomField[],
): Prepared<ContactBody> {
  const { phones, emails, rows } = pointsBody(values);
  return {
    body: {
      lastName: textOrNull(values.lastName),
      firstName: textOrNull(values.firstName),
      middleName: textOrNull(values.middleName),
      position: textOrNull(values.position),
      phones,
      emails,
      telegramUsername: textOrNull(values.telegramUsername),
      telegramId: textOrNull(values.telegramId),
      whatsappId: textOrNull(values.whatsappId),
      companyIds: values.companyIds,
      tagIds: values.tagIds,
      ownerId: values.ownerId,
      sourceId: values.sourceId,
      customFields: customFieldsBody(fields, values.customFields),
    },
    rows,
  };
}
