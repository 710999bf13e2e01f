import { describe, expect, it } from "vitest";
import { describeEvent } from "./timelineText.ts";

describe("timeline entries", () => {
  it("name the fields a change touched, without bookkeeping and the owner (it has its own entry)", () => {
    expect(
      describeEvent({
        kind: "updated",
        data: { changes: { firstName: { from: "a", to: "b" }, updatedAt: {}, ownerId: {}, tagIds: {} } },
      }),
    ).toEqual({ key: "updated", fields: ["firstName", "tagIds"] });
  });

  it("skip a change that touched only bookkeeping or the owner", () => {
    expect(describeEvent({ kind: "updated", data: { changes: { ownerId: {} } } })).toBeNull();
    expect(describeEvent({ kind: "updated", data: {} })).toBeNull();
  });

  it("carry the owners of an owner change", () => {
    expect(describeEvent({ kind: "owner_changed", data: { from: null, to: "u2" } })).toEqual({
      key: "ownerChanged",
      fields: [],
      from: null,
      to: "u2",
    });
  });

  it("know notes and tasks, and leave unknown kinds for showing as they are", () => {
    expect(describeEvent({ kind: "note_created", data: {} })?.key).toBe("noteCreated");
    expect(describeEvent({ kind: "task_completed", data: {} })?.key).toBe("taskCompleted");
    expect(describeEvent({ kind: "something_new", data: {} })).toEqual({ key: null, fields: [] });
  });
});
