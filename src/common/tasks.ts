// A task as the API accepts it; shared with the web app.
import { z } from "zod";
import { example } from "./api/examples.ts";
import { optionalText } from "./inputs.ts";

export const ref = z.string().min(1).max(64);

export const taskFields = {
  title: z.string().trim().min(1).max(500),
  description: optionalText(20000),
  /** ISO 8601 with an offset or Z, e.g. 2025-03-01T18:00:00+03:00; null clears it. */
  dueAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .nullish(),
  /** A member of the workspace; on create, the caller when absent; null leaves the task unassigned. */
  assigneeId: ref.nullish(),
  contactId: ref.nullish(),
  companyId: ref.nullish(),
  dealId: ref.nullish(),
};

// The example in the OpenAPI document; test/api-client.test.ts sends it.
export const taskInput = z
  .object(taskFields)
  .meta(example({ title: "Перезвонить клиенту", dueAt: "2026-12-01T10:00:00+03:00" }));
