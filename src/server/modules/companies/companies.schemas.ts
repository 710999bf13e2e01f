import { z } from "zod";
import { pageQuery } from "../../platform/pagination.ts";

export {
  type CompanyCreateInput,
  type CompanyInput,
  companyCreateInput,
  companyInput,
  type Requisites,
  requisiteConflicts,
} from "../../../common/companies.ts";

export const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    legalName: z.string().nullable(),
    legalForm: z.string().nullable(),
    inn: z.string().nullable(),
    kpp: z.string().nullable(),
    ogrn: z.string().nullable(),
    legalAddress: z.string().nullable(),
    actualAddress: z.string().nullable(),
    bik: z.string().nullable(),
    bankName: z.string().nullable(),
    settlementAccount: z.string().nullable(),
    correspondentAccount: z.string().nullable(),
    phones: z.array(z.object({ number: z.string(), type: z.string() })),
    emails: z.array(z.object({ email: z.string(), type: z.string() })),
    website: z.string().nullable(),
    ownerId: z.string().nullable(),
    customFields: z.record(z.string(), z.unknown()),
    contactIds: z.array(z.string()),
    tagIds: z.array(z.string()),
    createdBy: z.string().nullable(),
    updatedBy: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Company" });

const dateTime = z.iso.datetime({ offset: true }).optional();

/** List filters; besides these, `cf.<key>=value` filters by a custom field (several allowed). */
export const companyListQuery = pageQuery.catchall(z.string()).extend({
  sort: z
    .string()
    .regex(/^(createdAt|updatedAt|name|cf\.[a-z0-9_]{1,64})$/)
    .default("createdAt"),
  /** Search inside the list: words (prefixes, typos), a phone in any format, an e-mail. */
  q: z.string().trim().max(200).optional(),
  ownerId: z.string().optional(),
  tagId: z.string().optional(),
  inn: z.string().trim().max(12).optional(),
  createdFrom: dateTime,
  createdTo: dateTime,
  updatedFrom: dateTime,
  updatedTo: dateTime,
});
export type CompanyListQuery = z.infer<typeof companyListQuery>;

/** Create and update also answer the records that look like the same one (shared phone, e-mail, INN…). */
export const companySchemaWithDuplicates = companySchema.extend({
  possibleDuplicates: z.array(
    z.object({ recordId: z.string(), reasons: z.array(z.object({ kind: z.string(), value: z.string() })) }),
  ),
});
