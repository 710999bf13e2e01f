// A contact as the API accepts it; the web app validates its forms with the same schema.
import { z } from "zod";
import { example } from "./api/examples.ts";
import { emailInput, idList, optionalText, phoneInput } from "./inputs.ts";

export const contactInput = z
  .object({
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
  })
  // The example in the OpenAPI document; test/api-client.test.ts sends it.
  .meta(
    example({
      firstName: "Анна",
      lastName: "Смирнова",
      phones: [{ number: "+7 912 345-67-89", type: "mobile" }],
      emails: [{ email: "anna.smirnova@example.ru", type: "work" }],
      position: "Руководитель отдела закупок",
    }),
  );
export type ContactInput = z.infer<typeof contactInput>;
