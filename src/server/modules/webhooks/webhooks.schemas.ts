import { z } from "zod";
import { pageQuery } from "../../platform/pagination.ts";
import { MAX_WEBHOOK_URL_LENGTH } from "./url-guard.ts";

/** The authenticated-data name the signing secret is sealed with (see platform/crypto.ts). */
export const WEBHOOK_SECRET_CONTEXT = "webhooks.secret";

/** Every topic a webhook can subscribe to: concrete outbox topics, the per-kind wildcards and `*`. */
export const WEBHOOK_TOPICS = [
  "contact.created",
  "contact.updated",
  "contact.deleted",
  "contact.merged",
  "company.created",
  "company.updated",
  "company.deleted",
  "company.merged",
  "deal.created",
  "deal.updated",
  "deal.deleted",
  "deal.stage_changed",
  "deal.won",
  "deal.lost",
  "task.created",
  "task.updated",
  "task.deleted",
  "task.completed",
  "note.created",
  "note.updated",
  "note.deleted",
  "message.received",
  "message.sent",
  "message.failed",
  "lead.unsorted",
  "lead.accepted",
  "lead.declined",
  "lead.linked",
] as const;
export const WEBHOOK_EVENTS = [
  "*",
  "contact.*",
  "company.*",
  "deal.*",
  "task.*",
  "note.*",
  "message.*",
  "lead.*",
  ...WEBHOOK_TOPICS,
] as const;

const id = z.string().min(1).max(64);
export const webhookParams = z.object({ id });
export const deliveryParams = z.object({ id, deliveryId: id });

const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .transform((list) => [...new Set(list)])
  .describe("Topics (`deal.created`) and patterns (`deal.*`, `*`) to receive");

const webhookFields = {
  name: z.string().trim().max(100).describe("A label for people; the receiver never sees it"),
  url: z
    .string()
    .trim()
    .min(1)
    .max(MAX_WEBHOOK_URL_LENGTH)
    .describe("http(s), no credentials, a public host (unless FLAME_ALLOW_PRIVATE_WEBHOOKS=true)"),
  events,
  pipelineId: id.nullable().describe("Deal events only from this pipeline; other events are not filtered"),
  format: z
    .enum(["json", "amocrm"])
    .describe(
      "`json`: our envelope; `amocrm`: form-encoded like amoCRM's webhooks (deals and contacts only)",
    ),
  active: z.boolean().describe("Re-activating clears `disabledReason` and `failingSince`"),
};

export const createWebhookInput = z
  .object({
    ...webhookFields,
    name: webhookFields.name.default(""),
    pipelineId: webhookFields.pipelineId.default(null),
    format: webhookFields.format.default("json"),
    active: webhookFields.active.default(true),
  })
  .strict()
  .meta({
    examples: [
      { name: "Warehouse", url: "https://erp.example.com/hooks/flame", events: ["deal.won", "contact.*"] },
    ],
  });
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export const updateWebhookInput = z.object(webhookFields).partial().strict();
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const webhookSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    pipelineId: z.string().nullable(),
    format: z.enum(["json", "amocrm"]),
    active: z.boolean(),
    /** `gone`: the receiver answered 410; `failing`: deliveries failed for 3 days. */
    disabledReason: z.string().nullable().describe("Why the CRM turned it off: `gone` (410) or `failing`"),
    failingSince: z.date().nullable().describe("The first failed delivery since the last success"),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({
    id: "Webhook",
    description: "An outgoing webhook subscription (its secret is never shown)",
    examples: [
      {
        id: "7hQm2VxR9kLp3TzW8nBc",
        name: "Warehouse",
        url: "https://erp.example.com/hooks/flame",
        events: ["deal.won", "contact.*"],
        pipelineId: null,
        format: "json",
        active: true,
        disabledReason: null,
        failingSince: null,
        createdAt: "2026-11-25T10:00:00.000Z",
        updatedAt: "2026-11-25T10:00:00.000Z",
      },
    ],
  });
export type WebhookView = z.infer<typeof webhookSchema>;

const secret = z.string().describe("`whsec_…`: the HMAC-SHA256 key of `X-Flame-Signature`; shown only now");

export const createdWebhookSchema = webhookSchema.extend({ secret }).meta({
  id: "WebhookCreated",
  description: "The new subscription with its signing secret, shown only this once",
});
export const rotatedSecretSchema = z.object({ secret });

export const testResultSchema = z
  .object({
    statusCode: z.number().int().nullable().describe("The receiver's HTTP status; null when none came"),
    durationMs: z.number().int(),
    error: z.string().nullable().describe("Why the request failed (timeout, refused, redirect…)"),
    responseExcerpt: z.string().nullable().describe("The start of the receiver's answer"),
  })
  .meta({ id: "WebhookTestResult", description: "What the receiver answered to the test ping" });

export const deliveryStatus = z.enum(["pending", "succeeded", "failed"]);

export const deliverySchema = z
  .object({
    id: z.string(),
    eventId: z.number().int().describe("The outbox event: `X-Flame-Event-Id`"),
    topic: z.string(),
    status: deliveryStatus,
    attempts: z.number().int(),
    nextAttemptAt: z.date().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastDurationMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    responseExcerpt: z.string().nullable().describe("The first 1 000 characters of the last answer"),
    createdAt: z.date(),
    deliveredAt: z.date().nullable(),
  })
  .meta({
    id: "WebhookDelivery",
    description: "One event sent (or to be sent) to one webhook",
    examples: [
      {
        id: "Xc81LmQ0pRt5VbN2wZaK",
        eventId: 48213,
        topic: "deal.won",
        status: "failed",
        attempts: 3,
        nextAttemptAt: null,
        lastStatusCode: 500,
        lastDurationMs: 412,
        lastError: "HTTP 500",
        responseExcerpt: "Internal Server Error",
        createdAt: "2026-11-25T10:00:00.000Z",
        deliveredAt: null,
      },
    ],
  });
export type DeliveryView = z.infer<typeof deliverySchema>;

export const deliveryListQuery = pageQuery
  .omit({ order: true })
  .extend({ status: deliveryStatus.optional() });
export type DeliveryListQuery = z.infer<typeof deliveryListQuery>;

export const deliveryPage = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });
export const replayFailedResult = z.object({ count: z.number().int().describe("Deliveries sent again") });
