import { z } from "zod";
import { sourceKind, unsortedStatus } from "../../db/schema/index.ts";
import { pageQuery } from "../../platform/pagination.ts";
import { toE164 } from "../../platform/phones.ts";

const id = z.string().min(1).max(64);

/** The person as the channel described them; accepting the lead turns this into a contact. */
export const leadContactInput = z.object({
  name: z.string().trim().max(200).optional(),
  phone: z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const e164 = toE164(value);
      if (!e164) ctx.addIssue({ code: "custom", message: "is not a phone number" });
      return e164 ?? value;
    })
    .optional(),
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase())
    .optional(),
  telegramUsername: z
    .string()
    .regex(/^@?[A-Za-z0-9_]{3,64}$/, { error: "a Telegram username" })
    .transform((u) => u.replace(/^@/, ""))
    .optional(),
  telegramId: z
    .string()
    .regex(/^\d{1,20}$/, { error: "a numeric Telegram id" })
    .optional(),
  whatsappId: z
    .string()
    .regex(/^\d{5,20}$/, { error: "a WhatsApp id (digits)" })
    .optional(),
  avitoUserId: z
    .string()
    .regex(/^\d{1,20}$/, { error: "a numeric Avito user id" })
    .optional(),
  company: z.string().trim().max(300).optional(),
});

export const unsortedInput = z.object({
  channel: z.enum(sourceKind.enumValues).default("api"),
  sourceId: id.optional(),
  title: z.string().trim().min(1).max(500),
  contact: leadContactInput.default({}),
  payload: z.record(z.string(), z.unknown()).optional(),
});
/** A lead as validated (phone in E.164, e-mail lower-cased): channel integrations build one of these. */
export type UnsortedInput = z.infer<typeof unsortedInput>;

export const acceptInput = z.object({
  pipelineId: id.optional(),
  stageId: id.optional(),
  ownerId: id.nullish(),
  /** Link the deal to this existing contact instead of creating one from the lead. */
  contactId: id.optional(),
  title: z.string().trim().min(1).max(500).optional(),
});
export type AcceptInput = z.infer<typeof acceptInput>;

export const declineInput = z.object({ reason: z.string().trim().min(1).max(500) });

export const linkInput = z
  .object({ contactId: id.optional(), dealId: id.optional() })
  .refine((v) => Boolean(v.contactId || v.dealId), {
    error: "give a contactId, a dealId or both",
    path: ["contactId"],
  });
export type LinkInput = z.infer<typeof linkInput>;

export const unsortedListQuery = pageQuery.omit({ order: true }).extend({
  status: z.enum(unsortedStatus.enumValues).default("pending"),
  channel: z.enum(sourceKind.enumValues).optional(),
  sourceId: z.string().max(64).optional(),
});
export type UnsortedListQuery = z.infer<typeof unsortedListQuery>;

export const unsortedSchema = z
  .object({
    id: z.string(),
    channel: z.enum(sourceKind.enumValues),
    sourceId: z.string().nullable(),
    title: z.string(),
    contact: z.object({
      name: z.string().optional(),
      phone: z.string().optional(),
      email: z.string().optional(),
      telegramUsername: z.string().optional(),
      telegramId: z.string().optional(),
      whatsappId: z.string().optional(),
      avitoUserId: z.string().optional(),
      company: z.string().optional(),
    }),
    payload: z.record(z.string(), z.unknown()),
    status: z.enum(unsortedStatus.enumValues),
    declineReason: z.string().nullable(),
    contactId: z.string().nullable(),
    dealId: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "UnsortedLead" });

export const unsortedCountsSchema = z.object({
  total: z.number(),
  /** Pending leads per channel (only channels that have some). */
  byChannel: z.record(z.string(), z.number()),
  /** Pending leads per lead source (leads without a source are counted in `total` only). */
  bySource: z.record(z.string(), z.number()),
});
