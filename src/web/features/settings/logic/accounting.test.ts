import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/api.ts";
import {
  connectErrors,
  countEntries,
  duplicateStatuses,
  emptyConnectForm,
  keepStages,
  kindKey,
  type OneCSettings,
  oneCForPipeline,
  phaseKey,
  pipelineIn,
  progressPercent,
  providerRefusal,
  stateColor,
  statusMapOf,
  statusRows,
  toConnectBody,
  withState,
} from "./accounting.ts";

describe("connecting MoySklad", () => {
  it("sends a token or a login and password, never both", () => {
    const values = { ...emptyConnectForm(), token: " abcdefghijkl ", login: "admin@flame", password: "pw" };
    expect(toConnectBody(values)).toEqual({ token: "abcdefghijkl" });
    expect(toConnectBody({ ...values, mode: "password" })).toEqual({ login: "admin@flame", password: "pw" });
  });

  it("checks what the API would refuse", () => {
    expect(connectErrors(emptyConnectForm())).toEqual({ token: "validation.required" });
    expect(connectErrors({ ...emptyConnectForm(), token: "short" })).toEqual({
      token: "accounting.moysklad.validation.token",
    });
    expect(connectErrors({ ...emptyConnectForm(), mode: "password", login: "ab" })).toEqual({
      login: "accounting.moysklad.validation.login",
      password: "validation.required",
    });
    expect(connectErrors({ ...emptyConnectForm(), mode: "password", login: "admin", password: "x" })).toEqual(
      {},
    );
  });

  it("reads MoySklad's refusal from a 422 and nothing else", () => {
    const refused = new ApiError(422, "validation_failed", "MoySklad refused: Ошибка аутентификации", [
      { field: "body", message: "Ошибка аутентификации" },
    ]);
    expect(providerRefusal(refused)).toBe("Ошибка аутентификации");
    expect(providerRefusal(new ApiError(422, "validation_failed", "MoySklad refused: no"))).toBe(
      "MoySklad refused: no",
    );
    expect(providerRefusal(new ApiError(503, "unavailable", "down"))).toBeNull();
    expect(providerRefusal(new Error("x"))).toBeNull();
  });
});

describe("sync runs", () => {
  it("shows progress as a percentage, or none while the total is unknown", () => {
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent({ phase: "product", done: 5, total: null })).toBeNull();
    expect(progressPercent({ phase: "product", done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ phase: "product", done: 7, total: 5 })).toBe(100);
    expect(progressPercent({ phase: "product", done: 0, total: 0 })).toBe(100);
  });

  it("names known phases and kinds, and leaves others as they are", () => {
    expect(phaseKey("customerorder")).toBe("accounting.phases.customerorder");
    expect(phaseKey("import0_1.xml")).toBeNull();
    expect(kindKey("sync")).toBe("accounting.kinds.sync");
    expect(kindKey("something-new")).toBeNull();
  });

  it("lists the non-zero counts, the usual ones first", () => {
    expect(countEntries({ zeta: 1, failed: 2, created: 3, skipped: 0, updated: 1 })).toEqual([
      ["created", 3],
      ["updated", 1],
      ["failed", 2],
      ["zeta", 1],
    ]);
  });

  it("turns MoySklad's colour numbers into CSS", () => {
    expect(stateColor(15106326)).toBe("#e68116");
    expect(stateColor(34617)).toBe("#008739");
    expect(stateColor(undefined)).toBeUndefined();
  });
});

describe("maps", () => {
  it("sets and clears one state's stage", () => {
    expect(withState({ a: "s1" }, "b", "s2")).toEqual({ a: "s1", b: "s2" });
    expect(withState({ a: "s1", b: "s2" }, "a", null)).toEqual({ b: "s2" });
  });

  it("keeps only the stages of the chosen pipeline", () => {
    expect(keepStages({ a: "s1", b: "x9" }, ["s1", "s2"])).toEqual({ a: "s1" });
  });

  it("edits 1C's status map as rows, dropping incomplete ones", () => {
    const rows = statusRows({ "[N] Принят": "s1", Отгружен: "s2" });
    expect(rows).toEqual([
      { status: "[N] Принят", stageId: "s1" },
      { status: "Отгружен", stageId: "s2" },
    ]);
    expect(
      statusMapOf([
        ...rows,
        { status: "  Оплачен ", stageId: "s3" },
        { status: "", stageId: "s1" },
        { status: "x", stageId: null },
      ]),
    ).toEqual({ "[N] Принят": "s1", Отгружен: "s2", Оплачен: "s3" });
  });

  it("finds statuses typed twice", () => {
    expect([
      ...duplicateStatuses([
        { status: "A", stageId: null },
        { status: " A ", stageId: "s" },
        { status: "", stageId: null },
        { status: "", stageId: null },
      ]),
    ]).toEqual(["A"]);
  });

  it("keeps 1C's stages of the new pipeline only", () => {
    const settings: OneCSettings = {
      pipelineId: "p1",
      exportStageIds: ["s1", "s2"],
      encoding: "utf-8",
      statusMap: { Отгружен: "s2", Принят: "t1" },
      paidStageId: "s2",
      importProducts: true,
      importCounterparties: true,
    };
    expect(oneCForPipeline(settings, "p2", ["t1", "t2"])).toEqual({
      pipelineId: "p2",
      exportStageIds: [],
      statusMap: { Принят: "t1" },
      paidStageId: null,
    });
  });

  it("uses the chosen pipeline, else the default one", () => {
    const pipelines = [
      { id: "p1", isDefault: false },
      { id: "p2", isDefault: true },
    ];
    expect(pipelineIn(pipelines, "p1")?.id).toBe("p1");
    expect(pipelineIn(pipelines, null)?.id).toBe("p2");
    expect(pipelineIn(pipelines, "gone")?.id).toBe("p2");
    expect(pipelineIn([], null)).toBeUndefined();
  });
});
