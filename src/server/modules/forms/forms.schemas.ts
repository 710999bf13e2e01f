import { z } from "zod";
import { leadFormTarget } from "../../db/schema/index.ts";
import { toE164 } from "../../platform/phones.ts";

const id = z.string().min(1).max(64);

/** An exact origin (`https://shop.example.ru`); a trailing slash is forgiven, a path is not. */
const origin = z
  .string()
  .trim()
  .max(300)
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      const bare = url.pathname === "/" && !url.search && !url.hash && !url.username;
      if ((url.protocol === "https:" || url.protocol === "http:") && bare) return url.origin;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "an origin such as https://shop.example.ru" });
    return z.NEVER;
  });

export const formInput = z.object({
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(origin).max(20).default([]),
  target: z.enum(leadFormTarget.enumValues).default("unsorted"),
  /** Deal target: the pipeline whose first stage gets the deal (the default pipeline when null). */
  pipelineId: id.nullish(),
  sourceId: id.nullish(),
  /** A member: owner of the deals and contacts a submission makes. */
  assigneeId: id.nullish(),
});
export type FormInput = z.infer<typeof formInput>;

export const formPatch = formInput
  .extend({ allowedOrigins: z.array(origin).max(20), target: z.enum(leadFormTarget.enumValues) })
  .partial()
  .strict();
export type FormPatch = z.infer<typeof formPatch>;

export const formSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    token: z.string().describe("Public: identifies the form in the site's HTML"),
    allowedOrigins: z.array(z.string()),
    target: z.enum(leadFormTarget.enumValues),
    pipelineId: z.string().nullable(),
    sourceId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    endpoint: z.string().describe("Where the site posts: `POST /api/forms/{token}`"),
    snippetUrl: z.string().describe("The copy-paste script: `GET /api/forms/{token}/snippet.js`"),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "LeadForm" });

export const formParams = z.object({ id });
export const tokenParams = z.object({ token: z.string().min(1).max(100) });

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || undefined)
    .optional();

/**
 * One submission, JSON or form-encoded (every value a string then). Fields the form has beyond these
 * (up to 30 short ones) are kept with the lead as they came.
 */
export const submissionInput = z
  .object({
    name: text(200),
    phone: z
      .string()
      .trim()
      .max(40)
      .transform((value, ctx) => {
        if (!value) return undefined;
        const e164 = toE164(value);
        if (!e164) ctx.addIssue({ code: "custom", message: "is not a phone number" });
        return e164 ?? value;
      })
      .optional(),
    email: z
      .string()
      .trim()
      .max(320)
      .transform((value, ctx) => {
        if (!value) return undefined;
        if (!z.email().safeParse(value).success)
          ctx.addIssue({ code: "custom", message: "is not an e-mail" });
        return value.toLowerCase();
      })
      .optional(),
    message: text(5000),
    utm_source: text(500),
    utm_medium: text(500),
    utm_campaign: text(500),
    utm_content: text(500),
    utm_term: text(500),
    yclid: text(500),
    referrer: text(2000),
    page_url: text(2000),
    /** The honeypot: hidden from people, filled by bots. A filled one is answered as usual and dropped. */
    website: z.string().max(2000).optional(),
  })
  .catchall(z.union([z.string().max(2000), z.number(), z.boolean()]))
  .refine((v) => Object.keys(v).length <= 50, { error: "too many fields (at most 50)" })
  .refine((v) => Boolean(v.phone || v.email), { error: "give a phone or an e-mail", path: ["phone"] });
export type Submission = z.infer<typeof submissionInput>;

export const submissionAccepted = z.object({ ok: z.literal(true) });
