import { z } from "zod";
import { recordType } from "../../db/schema/index.ts";
import { pageQuery } from "../../platform/pagination.ts";

export const timelineQuery = pageQuery.omit({ order: true }).extend({
  recordType: z.enum(recordType.enumValues),
  recordId: z.string().min(1).max(64),
});

export const timelineEventSchema = z
  .object({
    id: z.string(),
    recordType: z.enum(recordType.enumValues),
    recordId: z.string(),
    kind: z
      .string()
      .describe(
        "`created`, `updated` (`data.changes` is the diff), `stage_changed`, `won`, `lost`, `owner_changed`, " +
          "`task_created`, `note_created`, `message_received`…",
      ),
    actorUserId: z.string().nullable().describe("Who did it, when a person did"),
    actorApiKeyId: z.string().nullable().describe("The API key that did it, when one did"),
    data: z
      .record(z.string(), z.unknown())
      .describe("The details of the event; their shape depends on `kind`"),
    occurredAt: z.date(),
  })
  .meta({ id: "TimelineEvent", description: "One thing that happened to a contact, company or deal" });

export const timelinePage = z.object({
  items: z.array(timelineEventSchema),
  nextCursor: z.string().nullable(),
});
