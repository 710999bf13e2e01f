import { z } from "zod";
import { customFieldType, recordType } from "../../db/schema/index.ts";

export const customFieldSchema = z
  .object({
    id: z.string(),
    entity: z.enum(recordType.enumValues),
    key: z.string().describe("The key under which values live in the record's `customFields`"),
    label: z.string(),
    type: z.enum(customFieldType.enumValues),
    options: z.array(z.string()).describe("The choices of `select` and `multiselect`; empty otherwise"),
    required: z.boolean(),
    position: z.number().int(),
    createdAt: z.date(),
  })
  .meta({ id: "CustomField", description: "A custom field defined on contacts, companies or deals" });
