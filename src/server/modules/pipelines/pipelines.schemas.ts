import { z } from "zod";
import { stageKind } from "../../db/schema/index.ts";

export const stageSchema = z
  .object({
    id: z.string(),
    pipelineId: z.string(),
    name: z.string(),
    kind: z.enum(stageKind.enumValues),
    position: z.number(),
    color: z.string().nullable(),
  })
  .meta({ id: "Stage" });

export const pipelineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number(),
    isDefault: z.boolean(),
    createdAt: z.date(),
    stages: z.array(stageSchema),
  })
  .meta({ id: "Pipeline" });
