import { describe, expect, it } from "vitest";
import { accessTo, grantableBy, isSection, mayManage, visibleSections } from "./sections.ts";

// The permissions of each role, as src/server/platform/policy.ts sends them in /api/me.
const PERMISSIONS = {
  owner: [
    "workspace.settings",
    "members.view",
    "members.manage",
    "teams.manage",
    "billing.manage",
    "integrations.manage",
    "apiKeys.manage",
    "webhooks.manage",
    "records.create",
    "records.update",
    "records.delete",
    "records.export",
    "audit.view",
  ],
  manager: [
    "members.view",
    "teams.manage",
    "records.create",
    "records.update",
    "records.delete",
    "records.export",
  ],
  member: ["members.view", "records.create", "records.update"],
};
const canAs = (role: keyof typeof PERMISSIONS) => (p: string) => PERMISSIONS[role].includes(p);

describe("settings sections by role", () => {
  it("lets the owner edit everything", () => {
    expect(visibleSections(canAs("owner"))).toHaveLength(14);
    expect(accessTo("api-keys", canAs("owner"))).toBe("edit");
    expect(accessTo("channels", canAs("owner"))).toBe("edit");
    expect(accessTo("webhooks", canAs("owner"))).toBe("edit");
    expect(accessTo("accounting", canAs("owner"))).toBe("edit");
    expect(accessTo("advertising", canAs("owner"))).toBe("edit");
    expect(accessTo("forms", canAs("owner"))).toBe("edit");
  });

  it("shows a manager read-only settings, editable teams and tags, and no API keys", () => {
    const can = canAs("manager");
    expect(accessTo("workspace", can)).toBe("view");
    expect(accessTo("pipelines", can)).toBe("view");
    expect(accessTo("members", can)).toBe("view");
    expect(accessTo("teams", can)).toBe("edit");
    expect(accessTo("tags", can)).toBe("edit");
    expect(accessTo("api-keys", can)).toBe("none");
    expect(visibleSections(can)).not.toContain("api-keys");
    expect(accessTo("channels", can)).toBe("view");
    expect(accessTo("accounting", can)).toBe("view");
    expect(visibleSections(can)).toContain("accounting");
    expect(accessTo("webhooks", can)).toBe("none");
    expect(visibleSections(can)).not.toContain("webhooks");
  });

  it("shows a member teams read-only", () => {
    expect(accessTo("teams", canAs("member"))).toBe("view");
    expect(accessTo("custom-fields", canAs("member"))).toBe("view");
    expect(accessTo("accounting", canAs("member"))).toBe("view");
    expect(accessTo("advertising", canAs("member"))).toBe("view");
    expect(accessTo("forms", canAs("member"))).toBe("view");
    expect(visibleSections(canAs("member"))).toContain("advertising");
  });

  it("knows its section names", () => {
    expect(isSection("loss-reasons")).toBe(true);
    expect(isSection("billing")).toBe(false);
    expect(isSection(undefined)).toBe(false);
  });
});

describe("roles one may grant", () => {
  it("never grants owner and never above one's own role", () => {
    expect(grantableBy("owner")).toEqual(["admin", "manager", "member"]);
    expect(grantableBy("admin")).toEqual(["admin", "manager", "member"]);
    expect(grantableBy("manager")).toEqual(["manager", "member"]);
    expect(grantableBy(null)).toEqual([]);
  });

  it("never manages the owner", () => {
    expect(mayManage("admin", "owner")).toBe(false);
    expect(mayManage("admin", "admin")).toBe(true);
    expect(mayManage("manager", "admin")).toBe(false);
  });
});
