// Phones and e-mails of a record as repeatable form rows, and back as the body's arrays.
import { compactRows, type RowIndex } from "./formErrors.ts";

export const PHONE_TYPES = ["mobile", "work", "home", "other"] as const;
export const EMAIL_TYPES = ["work", "personal", "other"] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];
export type EmailType = (typeof EMAIL_TYPES)[number];

export interface PhoneRow {
  number: string;
  type: PhoneType;
}
export interface EmailRow {
  email: string;
  type: EmailType;
}
export interface PointsValues {
  phones: PhoneRow[];
  emails: EmailRow[];
}

const phoneType = (type: string): PhoneType =>
  (PHONE_TYPES as readonly string[]).includes(type) ? (type as PhoneType) : "other";
const emailType = (type: string): EmailType =>
  (EMAIL_TYPES as readonly string[]).includes(type) ? (type as EmailType) : "other";

/** A record's phones and e-mails as rows; a record without any gets one empty row of each to type in. */
export function pointsToForm(
  record: { phones: { number: string; type: string }[]; emails: { email: string; type: string }[] },
  defaults: { phone: PhoneType; email: EmailType },
): PointsValues {
  const phones = record.phones.map((p) => ({ number: p.number, type: phoneType(p.type) }));
  const emails = record.emails.map((e) => ({ email: e.email, type: emailType(e.type) }));
  return {
    phones: phones.length ? phones : [{ number: "", type: defaults.phone }],
    emails: emails.length ? emails : [{ email: "", type: defaults.email }],
  };
}

/** The filled-in rows (trimmed) for the body, and where each came from in the form. */
export function pointsBody(values: PointsValues): { phones: PhoneRow[]; emails: EmailRow[]; rows: RowIndex } {
  const phones = compactRows(
    values.phones.map((p) => ({ ...p, number: p.number.trim() })),
    (p) => p.number !== "",
  );
  const emails = compactRows(
    values.emails.map((e) => ({ ...e, email: e.email.trim() })),
    (e) => e.email !== "",
  );
  return { phones: phones.rows, emails: emails.rows, rows: { phones: phones.index, emails: emails.index } };
}
