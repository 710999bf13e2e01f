// Form validation with the API's own zod schemas: the form's values become the request body, the schema
// checks the body, and the errors are mapped back to the form's fields (rows left empty are not sent, so
// row numbers shift) and put into the person's language.
import { type FormErrors, schemaResolver } from "@mantine/form";

/** For each repeatable field (phones, emails): the form row each body row came from. */
export type RowIndex = Record<string, number[]>;

export interface Prepared<B> {
  body: B;
  rows: RowIndex;
}

export type Schema = Parameters<typeof schemaResolver>[0];

/** A trimmed text, or null when nothing is typed. */
export const textOrNull = (value: string): string | null => value.trim() || null;

/** The rows that are filled in, and where each one was in the form. */
export function compactRows<T>(
  rows: readonly T[],
  filled: (row: T) => boolean,
): { rows: T[]; index: number[] } {
  const index: number[] = [];
  rows.forEach((row, i) => {
    if (filled(row)) index.push(i);
  });
  return { rows: index.map((i) => rows[i] as T), index };
}

/** Error keys of the body (`phones.1.number`) as the form's keys (`phones.3.number`); string messages. */
export function remapErrors(
  errors: FormErrors | Record<string, string>,
  rows: RowIndex,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (!key || message === null || message === undefined || message === false) continue;
    const [field, n, ...rest] = key.split(".");
    const index = field ? rows[field] : undefined;
    const row = index && n !== undefined && /^\d+$/.test(n) ? index[Number(n)] : undefined;
    const mapped = row === undefined ? key : [field, String(row), ...rest].join(".");
    out[mapped] ??= String(message);
  }
  return out;
}

/** Messages of the shared schemas and the API (English, stable) → keys of `records.validation`. */
const MESSAGES: [RegExp, string][] = [
  [/does not match the BIK/, "accountBik"],
  [/checksum does not match/, "checksum"],
  [/^INN must/, "innFormat"],
  [/^KPP is only issued/, "kppIndividual"],
  [/^KPP must/, "kppFormat"],
  [/^An organisation \(10-digit INN\)/, "ogrnLegal"],
  [/^An individual entrepreneur/, "ogrnipIndividual"],
  [/^OGRNIP? must/, "ogrnFormat"],
  [/^BIK is required/, "bikRequired"],
  [/^BIK must/, "bikFormat"],
  [/must start with 30101/, "correspondentPrefix"],
  [/account must have 20 digits/, "accountFormat"],
  [/is not a phone number|^expected a phone number/, "phone"],
  [/^Invalid email|^expected an e-mail/, "email"],
  [/http\(s\) URL/, "url"],
  [/^a Telegram username/, "telegramUsername"],
  [/^a numeric Telegram id/, "telegramId"],
  [/^a WhatsApp id/, "whatsappId"],
  [/^Too big: expected array/, "tooMany"],
  [/^Too big/, "tooLong"],
  [/^Too small|^is required$/, "required"],
  [/^expected a date/, "date"],
  [/^expected a number|^expected an amount/, "number"],
  [/^expected /, "invalid"],
  [/^is not a custom field/, "unknownField"],
];

/** The `records.validation` key for a message, or null when it is not one we know. */
export function messageKey(message: string): string | null {
  return MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/** Known messages in the person's language (`t` resolves `records.validation.<key>`); others as they are. */
export function translateErrors(
  errors: Record<string, string>,
  t: (key: string) => string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const key = messageKey(message);
      return [field, key ? t(key) : message];
    }),
  );
}

/** A Mantine form `validate` function: the shared schema run on the body the form would send. */
export function bodyValidator<V, B>(
  schema: Schema,
  prepare: (values: V) => Prepared<B>,
  t: (key: string) => string,
): (values: V) => Record<string, string> {
  const resolve = schemaResolver(schema, { sync: true });
  return (values) => {
    const { body, rows } = prepare(values);
    return translateErrors(remapErrors(resolve(body), rows), t);
  };
}
