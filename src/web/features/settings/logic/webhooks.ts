// Outgoing webhooks (/api/webhooks, docs/webhooks.md): the event catalogue as the picker shows it, the
// form as an API body, and how a subscription and its deliveries read.
import { z } from "zod";
import { ApiError } from "../../../lib/api.ts";
import { required } from "./forms.ts";

/** The entities that emit events and their concrete topics, in the order the picker shows them. */
export const EVENT_CATALOGUE = {
  deal: ["created", "updated", "deleted", "stage_changed", "won", "lost"],
  contact: ["created", "updated", "deleted", "merged"],
  company: ["created", "updated", "deleted", "merged"],
  task: ["created", "updated", "deleted", "completed"],
  note: ["created", "updated", "deleted"],
  message: ["received", "sent", "failed"],
  lead: ["unsorted", "accepted", "declined", "linked"],
} as const;
export type EventEntity = keyof typeof EVENT_CATALOGUE;
export const EVENT_ENTITIES = Object.keys(EVENT_CATALOGUE) as EventEntity[];
export const ALL_EVENTS = "*";

/** The entity of a topic or pattern (`deal.won`, `deal.*` → deal); null for `*` and unknown ones. */
export function entityOf(topic: string): EventEntity | null {
  const entity = topic.split(".")[0] ?? "";
  return (EVENT_ENTITIES as string[]).includes(entity) ? (entity as EventEntity) : null;
}

/**
 * The i18n key (settings namespace) of a topic's label: `*` → every event, `deal.*` → every deal event,
 * `deal.won` → "deal won". An unknown topic (a newer server) has none: show it as it is.
 */
export function topicLabelKey(topic: string): string | null {
  if (topic === ALL_EVENTS) return "webhooks.topics.all";
  const entity = entityOf(topic);
  if (!entity) return null;
  const action = topic.slice(entity.length + 1);
  if (action === "*") return `webhooks.topics.${entity}.all`;
  return (EVENT_CATALOGUE[entity] as readonly string[]).includes(action)
    ? `webhooks.topics.${entity}.${action}`
    : null;
}

type Translate = (key: string) => string;
export const topicLabel = (topic: string, t: Translate) => {
  const key = topicLabelKey(topic);
  return key ? t(key) : topic;
};

export interface EventGroup {
  group: string;
  items: { value: string; label: string }[];
}

/**
 * The picker's options (Mantine's grouped `data`): "every event" first, then one group per entity with
 * its wildcard and its topics.
 */
export function eventGroups(t: Translate): EventGroup[] {
  return [
    { group: t("webhooks.groups.all"), items: [{ value: ALL_EVENTS, label: t("webhooks.topics.all") }] },
    ...EVENT_ENTITIES.map((entity) => ({
      group: t(`webhooks.groups.${entity}`),
      items: [`${entity}.*`, ...EVENT_CATALOGUE[entity].map((a) => `${entity}.${a}`)].map((value) => ({
        value,
        label: topicLabel(value, t),
      })),
    })),
  ];
}

/**
 * What a picked list means, without what a wildcard already covers: `*` alone when chosen, and no
 * `deal.created` next to `deal.*`. The newest pick wins, so choosing `deal.created` after `*` narrows it.
 */
export function normalizeEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  const newest = unique.at(-1);
  if (newest === ALL_EVENTS) return [ALL_EVENTS];
  const rest =
    newest !== undefined && unique.includes(ALL_EVENTS) ? unique.filter((e) => e !== ALL_EVENTS) : unique;
  if (newest?.endsWith(".*")) {
    const prefix = newest.slice(0, -1);
    return rest.filter((e) => e === newest || !e.startsWith(prefix));
  }
  // A concrete topic after its entity's wildcard narrows the wildcard to it.
  const entity = newest ? entityOf(newest) : null;
  return entity ? rest.filter((e) => e !== `${entity}.*`) : rest;
}

/** The same events without what a chosen wildcard already covers (the meaning does not change). */
export function simplifyEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  if (unique.includes(ALL_EVENTS)) return [ALL_EVENTS];
  return unique.filter((e) => e.endsWith(".*") || !unique.includes(`${entityOf(e)}.*`));
}

export const FORMATS = ["json", "amocrm"] as const;
export type WebhookFormat = (typeof FORMATS)[number];

export interface Webhook {
  id: string;
  /** A label for people; empty when none was given. */
  name: string;
  url: string;
  events: string[];
  pipelineId: string | null;
  format: WebhookFormat;
  active: boolean;
  /** Why the server turned it off: the receiver answered 410 (`gone`), or it failed for 3 days. */
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = "pending" | "succeeded" | "failed";
export interface Delivery {
  id: string;
  /** The outbox event, sent as `X-Flame-Event-Id`. */
  eventId: number;
  topic: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  responseExcerpt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface TestResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export interface WebhookFormValues {
  name: string;
  url: string;
  events: string[];
  pipelineId: string | null;
  format: WebhookFormat;
  active: boolean;
}

export const emptyWebhookForm = (): WebhookFormValues => ({
  name: "",
  url: "",
  events: [],
  pipelineId: null,
  format: "json",
  active: true,
});

export const webhookValues = (webhook: Webhook): WebhookFormValues => ({
  name: webhook.name,
  url: webhook.url,
  events: webhook.events,
  pipelineId: webhook.pipelineId,
  format: webhook.format,
  active: webhook.active,
});

// The checks the browser can make; whether the host is private is the server's to say (a 422 on `url`).
export const webhookSchema = z.object({
  name: z.string().trim().max(100, { error: "webhooks.validation.nameTooLong" }),
  url: z
    .string()
    .trim()
    .min(1, { error: required })
    .max(2000, { error: "webhooks.validation.urlTooLong" })
    .regex(/^https?:\/\/[^\s/]+/i, { error: "webhooks.validation.url" }),
  events: z.array(z.string()).min(1, { error: "webhooks.validation.events" }),
  pipelineId: z.string().nullable(),
  format: z.enum(FORMATS),
  active: z.boolean(),
});

/** The POST/PATCH body: trimmed; an empty name or no pipeline clear them on edit. */
export function toWebhookBody(values: WebhookFormValues) {
  return {
    name: values.name.trim(),
    url: values.url.trim(),
    events: simplifyEvents(values.events),
    pipelineId: values.pipelineId || null,
    format: values.format,
    active: values.active,
  };
}

/**
 * A 422's field errors for the form: the usual `[{ field, message }]` list, or one `{ field }` object
 * (the URL guard's) whose message is the error's own; `events.2` (one bad topic) shows on the picker.
 */
export function webhookFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.status !== 422) return {};
  const fields = { ...err.fields };
  const single = err.details as { field?: unknown } | null;
  if (single && !Array.isArray(single) && typeof single.field === "string") {
    fields[single.field.replace(/^body\./, "")] ??= err.message;
  }
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const key = field.startsWith("events.") ? "events" : field;
    out[key] ??= message;
  }
  return out;
}

/** The delivery status badge: its label key (settings namespace) and colour. */
export function deliveryBadge(status: DeliveryStatus): { label: string; color: string } {
  switch (status) {
    case "pending":
      return { label: "webhooks.deliveries.status.pending", color: "yellow" };
    case "succeeded":
      return { label: "webhooks.deliveries.status.succeeded", color: "teal" };
    case "failed":
      return { label: "webhooks.deliveries.status.failed", color: "red" };
  }
}

/** The HTTP status code's colour: green for 2xx, orange for 4xx, red for 5xx or none (a timeout). */
export function statusCodeColor(code: number | null): string {
  if (code === null) return "red";
  if (code >= 200 && code < 300) return "teal";
  if (code >= 400 && code < 500) return "orange";
  return "red";
}

/** Whether a test or delivery answer counts as received (any 2xx, as the delivery engine counts it). */
export const isSuccess = (code: number | null) => code !== null && code >= 200 && code < 300;

/**
 * The subscription's state for its card: on, off by hand, turned off by the server (with its reason's
 * label key), or on but failing since a time.
 */
export type WebhookState =
  | { kind: "active" }
  | { kind: "failing"; since: string }
  | { kind: "paused" }
  | { kind: "disabled"; reasonKey: string };

export function webhookState(webhook: Webhook): WebhookState {
  if (!webhook.active) {
    if (!webhook.disabledReason) return { kind: "paused" };
    const known = ["gone", "failing"].includes(webhook.disabledReason);
    return {
      kind: "disabled",
      reasonKey: known ? `webhooks.disabled.${webhook.disabledReason}` : "webhooks.disabled.other",
    };
  }
  return webhook.failingSince ? { kind: "failing", since: webhook.failingSince } : { kind: "active" };
}
