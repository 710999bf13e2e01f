import { z } from "zod";
import { sourceKind } from "../../db/schema/index.ts";

export const sourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(sourceKind.enumValues),
    createdAt: z.date(),
  })
  .meta({ id: "LeadSource", description: "Where leads come from; deals and contacts point at one" });

export const lossReasonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: "LossReason", description: "Why a deal was lost" });

export const tagSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    color: z.string().nullable().describe("`#rrggbb`"),
    createdAt: z.date(),
  })
  .meta({ id: "Tag", description: "A label for contacts, companies and deals (names are unique, any case)" });
