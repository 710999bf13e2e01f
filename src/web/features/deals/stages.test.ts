import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "./api/types.ts";
import { stayLength, stayOf, staysFromTimeline } from "./stages.ts";

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

describe("stage history from the timeline", () => {
  const deal = { stageId: "s2", pipelineId: "p", createdAt: "2026-11-20T10:00:00Z" };

  it("is the current stage since creation when the deal never moved", () => {
    expect(staysFromTimeline([event("created", {})], deal)).toEqual([
      { stageId: "s2", pipelineId: "p", enteredAt: deal.createdAt, leftAt: null, movedBy: null },
    ]);
  });

  it("chains the stage changes oldest first", () => {
    const stays = staysFromTimeline(
      [
        event(
          "stage_changed",
          { from: { stageId: "s3" }, to: { stageId: "s2" } },
          "2026-11-24T10:00:00Z",
          "3",
        ),
        event(
          "stage_changed",
          { from: { stageId: "s1" }, to: { stageId: "s3" } },
          "2026-11-22T10:00:00Z",
          "2",
        ),
      ],
      deal,
    );
    expect(stays.map((s) => [s.stageId, s.enteredAt, s.leftAt])).toEqual([
      ["s1", "2026-11-20T10:00:00Z", "2026-11-22T10:00:00Z"],
      ["s3", "2026-11-22T10:00:00Z", "2026-11-24T10:00:00Z"],
      ["s2", "2026-11-24T10:00:00Z", null],
    ]);
  });

  it("measures a stay in days, hours or minutes", () => {
    expect(stayLength("2026-11-20T10:00:00Z", "2026-11-22T11:00:00Z")).toEqual({ unit: "day", n: 2 });
    expect(stayLength("2026-11-20T10:00:00Z", null, new Date("2026-11-20T13:30:00Z"))).toEqual({
      unit: "hour",
      n: 3,
    });
    expect(stayLength("2026-11-20T10:00:00Z", "2026-11-20T10:05:00Z")).toEqual({ unit: "minute", n: 5 });
  });
});

describe("stage history from the API", () => {
  it("reads the server's entries, mover included", () => {
    expect(
      stayOf({
        stageId: "s1",
        pipelineId: "p",
        stageName: "Переговоры",
        pipelineName: "Продажи",
        enteredAt: "2026-11-20T10:00:00Z",
        leftAt: null,
        movedBy: { userId: "u1", name: "Анна" },
      }),
    ).toEqual({
      stageId: "s1",
      pipelineId: "p",
      stageName: "Переговоры",
      pipelineName: "Продажи",
      enteredAt: "2026-11-20T10:00:00Z",
      leftAt: null,
      movedBy: "u1",
      movedByName: "Анна",
    });
    expect(stayOf({ stageId: "s1", enteredAt: "2026-11-20T10:00:00Z", movedBy: null })).toMatchObject({
      pipelineId: null,
      movedBy: null,
      movedByName: null,
    });
  });
});
