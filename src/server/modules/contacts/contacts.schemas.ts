import { z } from "zod";
import { pageQuery } from "../../platform/pagination.ts";

export { type ContactInput, contactInput } from "../../../common/contacts.ts";

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
    avitoUserId: z.string().nullable(),
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
