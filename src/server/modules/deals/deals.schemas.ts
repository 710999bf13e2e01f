import { z } from "zod";
import { pageQuery } from "../../platform/pagination.ts";
import { pipelineSchema, stageSchema } from "../pipelines/pipelines.schemas.ts";

export { type DealInput, dealCreateInput, dealInput } from "../../../common/deals.ts";

export const dealSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    amountMinor: z.number(),
    currency: z.string(),
    pipelineId: z.string(),
    stageId: z.string(),
    status: z.enum(["open", "won", "lost"]),
    lossReasonId: z.string().nullable(),
    sourceId: z.string().nullable(),
    utmSource: z.string().nullable(),
    utmMedium: z.string().nullable(),
    utmCampaign: z.string().nullable(),
    utmContent: z.string().nullable(),
    utmTerm: z.string().nullable(),
    yclid: z.string().nullable(),
    companyId: z.string().nullable(),
    ownerId: z.string().nullable(),
    expectedCloseDate: z.string().nullable(),
    closedAt: z.date().nullable(),
    position: z.number(),
    stageEnteredAt: z.date(),
    customFields: z.record(z.string(), z.unknown()),
    contactIds: z.array(z.string()),
    tagIds: z.array(z.string()),
    createdBy: z.string().nullable(),
    updatedBy: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Deal" });

export const moveInput = z.object({
  stageId: z.string().min(1).max(64),
  /** The deal it goes after in the column; null or absent puts it on top. */
  afterId: z.string().max(64).nullish(),
  lossReasonId: z.string().max(64).nullish(),
});

const dateTime = z.iso.datetime({ offset: true }).optional();
const money = z.coerce.number().int().min(0).optional();

/** Filters shared by the deal list and the kanban; `cf.<key>=value` filters by a custom field too. */
export const dealFilters = z.object({
  /** Search inside the list: words (prefixes, typos), a phone in any format, an e-mail. */
  q: z.string().trim().max(200).optional(),
  ownerId: z.string().optional(),
  pipelineId: z.string().optional(),
  stageId: z.string().optional(),
  status: z.enum(["open", "won", "lost"]).optional(),
  sourceId: z.string().optional(),
  tagId: z.string().optional(),
  companyId: z.string().optional(),
  contactId: z.string().optional(),
  createdFrom: dateTime,
  createdTo: dateTime,
  updatedFrom: dateTime,
  updatedTo: dateTime,
  closedFrom: dateTime,
  closedTo: dateTime,
  amountMin: money,
  amountMax: money,
});
export type DealFilters = z.infer<typeof dealFilters>;

export const dealListQuery = pageQuery
  .catchall(z.string())
  .extend(dealFilters.shape)
  .extend({
    sort: z
      .string()
      .regex(/^(createdAt|updatedAt|amount|title|closedAt|cf\.[a-z0-9_]{1,64})$/)
      .default("createdAt"),
  });
export type DealListQuery = z.infer<typeof dealListQuery>;

export const kanbanQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(1000).optional(),
  })
  .catchall(z.string())
  .extend(dealFilters.omit({ pipelineId: true, stageId: true }).shape);
export type KanbanQuery = z.infer<typeof kanbanQuery>;

/** `GET /api/pipelines/:id/kanban`: the pipeline, and per stage its totals and first deals. */
export const kanbanBoard = z.object({
  pipeline: pipelineSchema.omit({ stages: true }),
  columns: z.array(
    z.object({
      stage: stageSchema,
      count: z.number().int().describe("The deals in the stage the caller may see, under the filters"),
      sums: z.record(z.string(), z.number()).describe("Their amounts per currency, in minor units"),
      deals: z.array(dealSchema).describe("The first `limit` deals, in board order"),
      nextCursor: z
        .string()
        .nullable()
        .describe("For `GET /api/pipelines/{id}/kanban/{stageId}`; null when all are here"),
    }),
  ),
});
