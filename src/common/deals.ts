// A deal as the API accepts it; shared with the web app.
import { z } from "zod";
import { example } from "./api/examples.ts";
import { idList, optionalText } from "./inputs.ts";

const utm = optionalText(500);

export const dealInput = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  /** Exact money in minor units (kopecks): 150000 is 1 500,00 ₽. */
  amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: "an ISO 4217 code such as RUB" })
    .optional(),
  pipelineId: z.string().max(64).optional(),
  stageId: z.string().max(64).optional(),
  lossReasonId: z.string().max(64).nullish(),
  sourceId: z.string().max(64).nullish(),
  utmSource: utm,
  utmMedium: utm,
  utmCampaign: utm,
  utmContent: utm,
  utmTerm: utm,
  yclid: utm,
  companyId: z.string().max(64).nullish(),
  contactIds: idList(50).optional(),
  ownerId: z.string().max(64).nullish(),
  expectedCloseDate: z.iso.date().nullish(),
  tagIds: idList().optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export const dealCreateInput = dealInput
  .extend({ title: z.string().trim().min(1).max(500) })
  // The example in the OpenAPI document; test/api-client.test.ts sends it.
  .meta(
    example({
      title: "Поставка оборудования",
      amountMinor: 15000000,
      currency: "RUB",
      expectedCloseDate: "2026-12-31",
    }),
  );
export type DealInput = z.infer<typeof dealInput>;
