// Input pieces shared by the API and the web app: phones, e-mails, short texts, id lists.
import { z } from "zod";
import { toE164 } from "./phones.ts";

export const phoneInput = z.object({
  number: z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const e164 = toE164(value);
      if (!e164) ctx.addIssue({ code: "custom", message: "is not a phone number" });
      return e164 ?? value;
    }),
  type: z.enum(["mobile", "work", "home", "other"]).default("mobile"),
});

export const emailInput = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  type: z.enum(["work", "personal", "other"]).default("work"),
});

export const optionalText = (max = 500) => z.string().trim().max(max).nullish();
export const idList = (max = 100) => z.array(z.string().min(1).max(64)).max(max);
