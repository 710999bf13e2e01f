import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/api.ts";
import {
  deliveryBadge,
  emptyWebhookForm,
  eventGroups,
  isSuccess,
  normalizeEvents,
  simplifyEvents,
  statusCodeColor,
  topicLabel,
  topicLabelKey,
  toWebhookBody,
  type Webhook,
  webhookFieldErrors,
  webhookSchema,
  webhookState,
  webhookValues,
} from "./webhooks.ts";

const t = (key: string) => `[${key}]`;

const hook: Webhook = {
  id: "w1",
  name: "Сайт",
  url: "https://example.ru/hooks",
  events: ["deal.*"],
  pipelineId: null,
  format: "json",
  active: true,
  disabledReason: null,
  failingSince: null,
  createdAt: "2026-11-25T10:00:00Z",
  updatedAt: "2026-11-25T10:00:00Z",
};

describe("the event catalogue", () => {
  it("offers every event first, then each entity with its wildcard and its topics", () => {
    const groups = eventGroups(t);
    expect(groups[0]).toEqual({
      group: "[webhooks.groups.all]",
      items: [{ value: "*", label: "[webhooks.topics.all]" }],
    });
    const deals = groups.find((g) => g.group === "[webhooks.groups.deal]");
    expect(deals?.items.map((i) => i.value)).toEqual([
      "deal.*",
      "deal.created",
      "deal.updated",
      "deal.deleted",
      "deal.stage_changed",
      "deal.won",
      "deal.lost",
    ]);
    expect(groups.map((g) => g.group)).toHaveLength(8);
    // Every option is a distinct value: Mantine refuses duplicates.
    const values = groups.flatMap((g) => g.items.map((i) => i.value));
    expect(new Set(values).size).toBe(values.length);
    expect(values).toContain("lead.unsorted");
    expect(values).toContain("message.received");
  });

  it("labels topics, wildcards and leaves an unknown topic as it is", () => {
    expect(topicLabelKey("*")).toBe("webhooks.topics.all");
    expect(topicLabelKey("contact.*")).toBe("webhooks.topics.contact.all");
    expect(topicLabelKey("deal.stage_changed")).toBe("webhooks.topics.deal.stage_changed");
    expect(topicLabelKey("deal.exploded")).toBeNull();
    expect(topicLabelKey("ping")).toBeNull();
    expect(topicLabel("ping", t)).toBe("ping");
    expect(topicLabel("task.completed", t)).toBe("[webhooks.topics.task.completed]");
  });
});

describe("picking events", () => {
  it("keeps only `*` once every event is picked", () => {
    expect(normalizeEvents(["deal.*", "contact.created", "*"])).toEqual(["*"]);
  });

  it("narrows `*` to a topic picked after it", () => {
    expect(normalizeEvents(["*", "deal.won"])).toEqual(["deal.won"]);
  });

  it("folds an entity's topics into its wildcard, and a topic picked after the wildcard replaces it", () => {
    expect(normalizeEvents(["deal.created", "contact.created", "deal.won", "deal.*"])).toEqual([
      "contact.created",
      "deal.*",
    ]);
    expect(normalizeEvents(["deal.*", "contact.*", "deal.lost"])).toEqual(["contact.*", "deal.lost"]);
  });

  it("simplifies without changing the meaning", () => {
    expect(simplifyEvents(["deal.*", "deal.created", "task.created"])).toEqual(["deal.*", "task.created"]);
    expect(simplifyEvents(["note.created", "*"])).toEqual(["*"]);
    expect(simplifyEvents(["deal.won", "deal.won"])).toEqual(["deal.won"]);
  });
});

describe("the form as a request body", () => {
  it("trims, and sends an empty name and no pipeline so that an edit clears them", () => {
    const values = {
      ...emptyWebhookForm(),
      name: "  ",
      url: " https://example.ru/h ",
      events: ["deal.*", "deal.won"],
      pipelineId: "",
    };
    expect(toWebhookBody(values)).toEqual({
      name: "",
      url: "https://example.ru/h",
      events: ["deal.*"],
      pipelineId: null,
      format: "json",
      active: true,
    });
  });

  it("sends the name, pipeline, format and active flag as chosen", () => {
    const body = toWebhookBody({ ...webhookValues(hook), pipelineId: "p1", format: "amocrm", active: false });
    expect(body).toMatchObject({ name: "Сайт", pipelineId: "p1", format: "amocrm", active: false });
  });

  it("checks the URL and the events in the browser", () => {
    const ok = { ...emptyWebhookForm(), url: "http://127.0.0.1:9000/x", events: ["*"] };
    expect(webhookSchema.safeParse(ok).success).toBe(true);
    const errorsOf = (values: object) =>
      webhookSchema.safeParse({ ...ok, ...values }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(errorsOf({ url: "ftp://example.ru" })).toEqual([["url", "webhooks.validation.url"]]);
    expect(errorsOf({ url: `https://example.ru/${"a".repeat(2000)}` })).toEqual([
      ["url", "webhooks.validation.urlTooLong"],
    ]);
    // The form shows the first message of a field.
    expect(errorsOf({ url: " " })?.[0]).toEqual(["url", "validation.required"]);
    expect(errorsOf({ events: [] })).toEqual([["events", "webhooks.validation.events"]]);
  });

  it("puts the server's errors on their fields: a bad topic on the picker, a refused host on the URL", () => {
    const list = new ApiError(422, "validation_failed", "Invalid request", [
      { field: "body.events.1", message: "Invalid option" },
      { field: "body.name", message: "Too long" },
    ]);
    expect(webhookFieldErrors(list)).toEqual({ events: "Invalid option", name: "Too long" });
    const guard = new ApiError(422, "validation_failed", "The host resolves to a private address", {
      field: "body.url",
    });
    expect(webhookFieldErrors(guard)).toEqual({ url: "The host resolves to a private address" });
    expect(webhookFieldErrors(new ApiError(404, "not_found", "Pipeline not found"))).toEqual({});
    expect(webhookFieldErrors(new Error("boom"))).toEqual({});
  });
});

describe("how subscriptions and deliveries read", () => {
  it("colours each delivery status", () => {
    expect(deliveryBadge("succeeded")).toEqual({
      label: "webhooks.deliveries.status.succeeded",
      color: "teal",
    });
    expect(deliveryBadge("failed").color).toBe("red");
    expect(deliveryBadge("pending").color).toBe("yellow");
  });

  it("colours status codes and counts only 2xx as received", () => {
    expect(statusCodeColor(204)).toBe("teal");
    expect(statusCodeColor(410)).toBe("orange");
    expect(statusCodeColor(500)).toBe("red");
    expect(statusCodeColor(null)).toBe("red");
    expect(isSuccess(200)).toBe(true);
    expect(isSuccess(302)).toBe(false);
    expect(isSuccess(null)).toBe(false);
  });

  it("tells active, failing, paused and server-disabled subscriptions apart", () => {
    expect(webhookState(hook)).toEqual({ kind: "active" });
    expect(webhookState({ ...hook, failingSince: "2026-11-24T00:00:00Z" })).toEqual({
      kind: "failing",
      since: "2026-11-24T00:00:00Z",
    });
    expect(webhookState({ ...hook, active: false })).toEqual({ kind: "paused" });
    expect(webhookState({ ...hook, active: false, disabledReason: "gone" })).toEqual({
      kind: "disabled",
      reasonKey: "webhooks.disabled.gone",
    });
    expect(webhookState({ ...hook, active: false, disabledReason: "whatever" })).toMatchObject({
      reasonKey: "webhooks.disabled.other",
    });
  });
});
