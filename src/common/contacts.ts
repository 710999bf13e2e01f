// A contact as the API accepts it; the web app validates its forms with the same schema.
import { z } from "zod";
import { emailInput, idList, optionalText, phoneInput } from "./inputs.ts";

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
  avitoUserId: z
    .string()
    .regex(/^\d{1,20}$/, { error: "a numeric Avito user id" })
    .nullish(),
  position: optionalText(200),
  companyIds: idList(50).optional(),
  sourceId: z.string().max(64).nullish(),
  ownerId: z.string().max(64).nullish(),
  tagIds: idList().optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type ContactInput = z.infer<typeof contactInput>;
