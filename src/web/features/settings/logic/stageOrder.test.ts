import { describe, expect, it } from "vitest";
import { orderAfterDrop, withClosedLast } from "./stageOrder.ts";

const stages = [
  { id: "a", kind: "open" as const },
  { id: "b", kind: "open" as const },
  { id: "c", kind: "open" as const },
  { id: "won", kind: "won" as const },
  { id: "lost", kind: "lost" as const },
];

describe("stage order after a drop", () => {
  it("moves an open stage down and up", () => {
    expect(orderAfterDrop(stages, "a", "c")).toEqual(["b", "c", "a", "won", "lost"]);
    expect(orderAfterDrop(stages, "c", "a")).toEqual(["c", "a", "b", "won", "lost"]);
  });

  it("keeps won and lost last when a stage is dropped onto them", () => {
    expect(orderAfterDrop(stages, "a", "won")).toEqual(["b", "c", "a", "won", "lost"]);
    expect(orderAfterDrop(stages, "b", "lost")).toEqual(["a", "c", "b", "won", "lost"]);
  });

  it("does not move won or lost stages", () => {
    expect(orderAfterDrop(stages, "won", "a")).toBeNull();
    expect(orderAfterDrop(stages, "lost", "b")).toBeNull();
  });

  it("answers null when nothing changes", () => {
    expect(orderAfterDrop(stages, "a", "a")).toBeNull();
    expect(orderAfterDrop(stages, "a", null)).toBeNull();
    expect(orderAfterDrop(stages, "c", "won")).toBeNull();
    expect(orderAfterDrop(stages, "a", "unknown")).toBeNull();
  });

  it("puts closed stages last even when the stored order did not", () => {
    const odd = [stages[3], stages[0], stages[4], stages[1]].filter((s) => s !== undefined);
    expect(withClosedLast(odd).map((s) => s.id)).toEqual(["a", "b", "won", "lost"]);
    expect(orderAfterDrop(odd, "b", "a")).toEqual(["b", "a", "won", "lost"]);
  });
});
