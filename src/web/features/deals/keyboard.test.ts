import { describe, expect, it } from "vitest";
import { type Candidate, keyboardTarget } from "./keyboard.ts";

const order = ["a", "b", "c"];
const candidates: Candidate[] = [
  { id: "column:a", stageId: "a", rect: { left: 0, top: 100 } },
  { id: "column:b", stageId: "b", rect: { left: 300, top: 100 } },
  { id: "column:c", stageId: "c", rect: { left: 600, top: 100 } },
  { id: "b1", stageId: "b", rect: { left: 308, top: 160 } },
  { id: "b2", stageId: "b", rect: { left: 308, top: 260 } },
  { id: "b3", stageId: "b", rect: { left: 308, top: 360 } },
  { id: "a1", stageId: "a", rect: { left: 8, top: 160 } },
];

describe("keyboardTarget", () => {
  it("moves to the top of the neighbouring stage, not into its own column", () => {
    expect(keyboardTarget("ArrowLeft", { left: 308, top: 260 }, "b", order, candidates)).toEqual({
      left: 8,
      top: 108,
    });
    expect(keyboardTarget("ArrowRight", { left: 308, top: 260 }, "b", order, candidates)).toEqual({
      left: 608,
      top: 108,
    });
  });

  it("stays at the edges of the board", () => {
    expect(keyboardTarget("ArrowLeft", { left: 8, top: 160 }, "a", order, candidates)).toBeNull();
    expect(keyboardTarget("ArrowRight", { left: 608, top: 108 }, "c", order, candidates)).toBeNull();
  });

  it("steps past the next card up or down in the same stage only", () => {
    expect(keyboardTarget("ArrowDown", { left: 308, top: 160 }, "b", order, candidates)).toEqual({
      left: 308,
      top: 260,
    });
    expect(keyboardTarget("ArrowUp", { left: 308, top: 360 }, "b", order, candidates)).toEqual({
      left: 308,
      top: 260,
    });
    expect(keyboardTarget("ArrowDown", { left: 308, top: 360 }, "b", order, candidates)).toBeNull();
    expect(keyboardTarget("Tab", { left: 308, top: 360 }, "b", order, candidates)).toBeNull();
  });
});
