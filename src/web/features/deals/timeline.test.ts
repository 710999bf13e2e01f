import { describe, expect, it } from "vitest";
import type { CustomField } from "../../lib/session.ts";
import type { TimelineEvent } from "./api/types.ts";
import { type Describe, describeEvent } from "./timeline.ts";

const names: Record<string, string> = {
  s1: "Первичный контакт",
  s2: "Переговоры",
  u1: "Анна",
  u2: "Борис",
  r1: "Дорого",
  src: "Сайт",
};
const fields: CustomField[] = [
  {
    id: "f1",
    entity: "deal",
    key: "region",
    label: "Регион",
    type: "select",
    options: ["Москва"],
    required: false,
    position: 0,
  },
  {
    id: "f2",
    entity: "deal",
    key: "vip",
    label: "VIP",
    type: "boolean",
    options: [],
    required: false,
    position: 1,
  },
];
const d: Describe = {
  tr: (k) => `[${k}]`,
  money: (m, c) => `${m / 100} ${c}`,
  date: (v) => `date(${v})`,
  dateTime: (v) => `dt(${v})`,
  stage: (id) => names[id],
  pipeline: (id) => names[id],
  member: (id) => names[id],
  source: (id) => names[id],
  lossReason: (id) => names[id],
  customFields: fields,
  note: (id) => (id === "n1" ? "Позвонить в пятницу" : undefined),
  task: (id) => (id === "t1" ? "Отправить КП" : undefined),
  currency: "RUB",
};
const event = (
  kind: string,
  data: Record<string, unknown>,
  occurredAt = "2026-11-25T10:00:00Z",
  id = "1",
): TimelineEvent => ({
  id,
  recordType: "deal",
  recordId: "d1",
  kind,
  actorUserId: "u1",
  actorApiKeyId: null,
  data,
  occurredAt,
});

describe("describeEvent", () => {
  it("names the stages of a stage change", () => {
    expect(
      describeEvent(event("stage_changed", { from: { stageId: "s1" }, to: { stageId: "s2" } }), d),
    ).toEqual({
      key: "timeline.stageChanged",
      params: { from: "Первичный контакт", to: "Переговоры" },
      changes: [],
    });
  });

  it("shows field changes with old and new values, custom fields by label", () => {
    const described = describeEvent(
      event("updated", {
        changes: {
          title: { from: "Старое", to: "Новое" },
          amountMinor: { from: 100000, to: 15000000 },
          sourceId: { from: null, to: "src" },
          expectedCloseDate: { from: null, to: "2026-12-01" },
          stageId: { from: "s1", to: "s2" },
          customFields: { from: { vip: false }, to: { vip: true, region: "Москва" } },
        },
      }),
      d,
    );
    expect(described?.changes).toEqual([
      { label: "[fields.title]", from: "Старое", to: "Новое" },
      { label: "[fields.amountMinor]", from: "1000 RUB", to: "150000 RUB" },
      { label: "[fields.sourceId]", from: "—", to: "Сайт" },
      { label: "[fields.expectedCloseDate]", from: "—", to: "date(2026-12-01)" },
      { label: "VIP", from: "[values.no]", to: "[values.yes]" },
      { label: "Регион", from: "—", to: "Москва" },
    ]);
  });

  it("hides an update that only touched what other events tell", () => {
    expect(describeEvent(event("updated", { changes: { position: { from: 1, to: 2 } } }), d)).toBeNull();
  });

  it("tells won, lost with the reason, owner changes, notes and tasks", () => {
    expect(describeEvent(event("lost", { lossReasonId: "r1" }), d)?.params).toEqual({ reason: "Дорого" });
    expect(describeEvent(event("owner_changed", { from: "u1", to: "u2" }), d)?.params).toEqual({
      from: "Анна",
      to: "Борис",
    });
    expect(describeEvent(event("note_created", { id: "n1" }), d)).toMatchObject({
      key: "timeline.noteCreated",
      body: "Позвонить в пятницу",
    });
    expect(describeEvent(event("task_completed", { id: "t1" }), d)).toMatchObject({
      key: "timeline.taskCompleted",
      body: "Отправить КП",
    });
    expect(describeEvent(event("mystery", {}), d)).toMatchObject({
      key: "timeline.other",
      params: { kind: "mystery" },
    });
  });
});
