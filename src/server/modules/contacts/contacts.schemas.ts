import { z } from "zod";
import { pageQuery } from "../../platform/pagination.ts";
import { emailInput, idList, optionalText, phoneInput } from "../records/records.ts";

export const contactInput = z.object({
  firstName: optionalText(200),
  lastName: optionalText(200),
  middleName: optionalText(200),
  phones: z.array(phoneInput).max(20).optional(),
  emails: z.array(emailInput).max(20).optional(),
  telegramUsername: z
    .string()
    .regex(/^@?[A-Za-z0-9_]{3,64}$/, { error: "a Telegram username" })
    .transform((u) => u.replace(/^@/, ""))
    .nullish(),
  telegramId: z
    .string()
    .regex(/^\d{1,20}$/, { error: "a numeric Telegram id" })
    .nullish(),
  whatsappId: z
    .string()
    .regex(/^\d{5,20}$/, { error: "a WhatsApp id (digits)" })
    .nullish(),
  position: optionalText(200),
  companyIds: idList(50).optional(),
  sourceId: z.string().max(64).nullish(),
  ownerId: z.string().max(64).nullish(),
  tagIds: idList().optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type ContactInput = z.infer<typeof contactInput>;

export const contactSchema = z
  .object({
    id: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    middleName: z.string().nullable(),
    phones: z.array(z.object({ number: z.string(), type: z.string() })),
    emails: z.array(z.object({ email: z.string(), type: z.string() })),
    telegramUsername: z.string().nullable(),
    telegramId: z.string().nullable(),
    whatsappId: z.string().nullable(),
    position: z.string().nullable(),
    sourceId: z.string().nullable(),
    ownerId: z.string().nullable(),
    customFields: z.record(z.string(), z.unknown()),
    companyIds: z.array(z.string()),
    tagIds: z.array(z.string()),
    createdBy: z.string().nullable(),
    updatedBy: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Contact" });

const dateTime = z.iso.datetime({ offset: true }).optional();

/** List filters; besides these, `cf.<key>=value` filters by a custom field (several allowed). */
export const contactListQuery = pageQuery.catchall(z.string()).extend({
  sort: z
    .string()
    .regex(/^(createdAt|updatedAt|name|cf\.[a-z0-9_]{1,64})$/)
    .default("createdAt"),
  /** Search inside the list: words (prefixes, typos), a phone in any format, an e-mail. */
  q: z.string().trim().max(200).optional(),
  ownerId: z.string().optional(),
  sourceId: z.string().optional(),
  tagId: z.string().optional(),
  companyId: z.string().optional(),
  createdFrom: dateTime,
  createdTo: dateTime,
  updatedFrom: dateTime,
  updatedTo: dateTime,
});
export type ContactListQuery = z.infer<typeof contactListQuery>;

/** Create and update also answer the records that look like the same one (shared phone, e-mail, INN…). */
export const contactSchemaWithDuplicates = contactSchema.extend({
  possibleDuplicates: z.array(
    z.object({ recordId: z.string(), reasons: z.array(z.object({ kind: z.string(), value: z.string() })) }),
  ),
});
