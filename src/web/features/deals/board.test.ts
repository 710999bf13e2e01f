import { describe, expect, it } from "vitest";
import type { Pipeline, Stage } from "../../lib/session.ts";
import type { BoardDeal, KanbanBoard } from "./api/types.ts";
import {
  appendPage,
  applyMove,
  columnIds,
  insertCreated,
  loadedLimit,
  pickPipeline,
  resolveDrop,
  sortPipelines,
  sumEntries,
} from "./board.ts";

const stage = (id: string, kind: Stage["kind"] = "open", position = 0): Stage => ({
  id,
  pipelineId: "p1",
  name: id.toUpperCase(),
  kind,
  position,
  color: null,
});
const deal = (id: string, stageId: string, amountMinor = 100_00, currency = "RUB"): BoardDeal => ({
  id,
  title: id,
  amountMinor,
  currency,
  stageId,
  status: "open",
  ownerId: null,
  tagIds: [],
  contactIds: [],
});

function board(): KanbanBoard {
  return {
    pipeline: { id: "p1", name: "Sales", isDefault: true, position: 0 },
    columns: [
      {
        stage: stage("a"),
        count: 3,
        sums: { RUB: 300_00 },
        deals: [deal("a1", "a"), deal("a2", "a"), deal("a3", "a")],
        nextCursor: null,
      },
      {
        stage: stage("b", "open", 1),
        count: 1,
        sums: { RUB: 100_00 },
        deals: [deal("b1", "b")],
        nextCursor: "c1",
      },
      { stage: stage("lost", "lost", 2), count: 0, sums: {}, deals: [], nextCursor: null },
    ],
  };
}

describe("resolveDrop", () => {
  const cols = { a: ["a1", "a2", "a3"], b: ["b1", "b2"], c: [] };

  it("puts a deal dropped on an empty column on top", () => {
    expect(resolveDrop(cols, "a1", "a", { type: "column", stageId: "c" })).toEqual({
      stageId: "c",
      afterId: null,
      index: 0,
    });
  });

  it("puts a deal dropped on another column's free space after its last loaded deal", () => {
    expect(resolveDrop(cols, "a1", "a", { type: "column", stageId: "b" })).toEqual({
      stageId: "b",
      afterId: "b2",
      index: 2,
    });
  });

  it("puts a deal before or after the card it is over in another column", () => {
    expect(resolveDrop(cols, "a1", "a", { type: "card", id: "b1", stageId: "b" })).toEqual({
      stageId: "b",
      afterId: null,
      index: 0,
    });
    expect(resolveDrop(cols, "a1", "a", { type: "card", id: "b1", stageId: "b" }, true)).toEqual({
      stageId: "b",
      afterId: "b1",
      index: 1,
    });
    expect(resolveDrop(cols, "a1", "a", { type: "card", id: "b2", stageId: "b" })).toEqual({
      stageId: "b",
      afterId: "b1",
      index: 1,
    });
  });

  it("follows the sortable order within a column", () => {
    // a1 dragged down over a3: it goes after a3.
    expect(resolveDrop(cols, "a1", "a", { type: "card", id: "a3", stageId: "a" })).toEqual({
      stageId: "a",
      afterId: "a3",
      index: 2,
    });
    // a3 dragged up over a1: it goes on top.
    expect(resolveDrop(cols, "a3", "a", { type: "card", id: "a1", stageId: "a" })).toEqual({
      stageId: "a",
      afterId: null,
      index: 0,
    });
    // a3 dragged up over a2: after a1.
    expect(resolveDrop(cols, "a3", "a", { type: "card", id: "a2", stageId: "a" })).toEqual({
      stageId: "a",
      afterId: "a1",
      index: 1,
    });
  });

  it("changes nothing when dropped where it was", () => {
    expect(resolveDrop(cols, "a1", "a", { type: "card", id: "a1", stageId: "a" })).toBeNull();
    expect(resolveDrop(cols, "a1", "a", { type: "column", stageId: "a" })).toBeNull();
  });
});

describe("applyMove", () => {
  it("moves a deal between columns with its count and sum", () => {
    const next = applyMove(board(), "a2", stage("b"), "b1");
    expect(columnIds(next)).toEqual({ a: ["a1", "a3"], b: ["b1", "a2"], lost: [] });
    expect(next.columns[0]).toMatchObject({ count: 2, sums: { RUB: 200_00 } });
    expect(next.columns[1]).toMatchObject({ count: 2, sums: { RUB: 200_00 } });
    expect(next.columns[1]?.deals[1]).toMatchObject({ stageId: "b", status: "open" });
  });

  it("reorders within a column without touching the totals", () => {
    const next = applyMove(board(), "a3", stage("a"), null);
    expect(columnIds(next).a).toEqual(["a3", "a1", "a2"]);
    expect(next.columns[0]).toMatchObject({ count: 3, sums: { RUB: 300_00 } });
  });

  it("marks a deal lost with its reason, and keeps the board when the deal is not loaded", () => {
    const next = applyMove(board(), "a1", stage("lost", "lost"), null, "r1");
    expect(next.columns[2]?.deals[0]).toMatchObject({ id: "a1", status: "lost", lossReasonId: "r1" });
    expect(next.columns[2]).toMatchObject({ count: 1, sums: { RUB: 100_00 } });
    const same = board();
    expect(applyMove(same, "zz", stage("b"), null)).toBe(same);
  });

  it("keeps sums per currency", () => {
    const b = insertCreated(board(), deal("usd", "a", 50_00, "USD"));
    const next = applyMove(b, "usd", stage("b"), null);
    expect(next.columns[0]?.sums).toEqual({ RUB: 300_00, USD: 0 });
    expect(next.columns[1]?.sums).toEqual({ RUB: 100_00, USD: 50_00 });
  });
});

describe("board pages", () => {
  it("puts a created deal on top once", () => {
    const b = insertCreated(board(), deal("new", "b", 150_000_00));
    expect(columnIds(b).b).toEqual(["new", "b1"]);
    expect(b.columns[1]).toMatchObject({ count: 2, sums: { RUB: 150_100_00 } });
    expect(insertCreated(b, deal("new", "b"))).toBe(b);
  });

  it("appends a column's next page without repeating deals", () => {
    const b = appendPage(board(), "b", [deal("b1", "b"), deal("b2", "b")], null);
    expect(columnIds(b).b).toEqual(["b1", "b2"]);
    expect(b.columns[1]?.nextCursor).toBeNull();
  });

  it("refetches as many deals as the fullest column shows, within limits", () => {
    expect(loadedLimit(undefined, 30, 100)).toBe(30);
    expect(
      loadedLimit(
        appendPage(
          board(),
          "b",
          Array.from({ length: 60 }, (_, i) => deal(`x${i}`, "b")),
          null,
        ),
        30,
        100,
      ),
    ).toBe(61);
  });
});

describe("sums and pipelines", () => {
  it("lists roubles first and drops zero sums", () => {
    expect(sumEntries({ USD: 5, RUB: 10, EUR: 0 })).toEqual([
      ["RUB", 10],
      ["USD", 5],
    ]);
    expect(sumEntries({})).toEqual([["RUB", 0]]);
  });

  it("opens the remembered pipeline, else the default", () => {
    const p = (id: string, isDefault: boolean, position: number): Pipeline => ({
      id,
      name: id,
      isDefault,
      position,
      stages: [],
    });
    const list = [p("x", false, 0), p("d", true, 1), p("y", false, 2)];
    expect(sortPipelines(list).map((x) => x.id)).toEqual(["d", "x", "y"]);
    expect(pickPipeline(list, "y")).toBe("y");
    expect(pickPipeline(list, "gone")).toBe("d");
    expect(pickPipeline([], null)).toBeNull();
  });
});
