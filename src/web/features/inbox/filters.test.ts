import { describe, expect, it } from "vitest";
import {
  displayName,
  duration,
  listQuery,
  overdueFor,
  parseChannel,
  parseFilter,
  preview,
} from "./filters.ts";

describe("inbox filters", () => {
  it("parses URL values, falling back to all / any channel", () => {
    expect(parseFilter("unread")).toBe("unread");
    expect(parseFilter("overdue")).toBe("overdue");
    expect(parseFilter("bogus")).toBe("all");
    expect(parseFilter(null)).toBe("all");
    expect(parseChannel("whatsapp")).toBe("whatsapp");
    expect(parseChannel("email")).toBeNull();
  });

  it("builds the API query", () => {
    expect(listQuery("all", null)).toEqual({});
    expect(listQuery("mine", "telegram")).toEqual({ mine: true, channel: "telegram" });
    expect(listQuery("unanswered", null)).toEqual({ unanswered: true });
    expect(listQuery("overdue", "avito")).toEqual({ overdue: true, channel: "avito" });
  });
});

describe("preview", () => {
  const words = { you: "Вы: ", media: "Вложение", none: "—" };
  const last = (text: string | null, direction: "inbound" | "outbound") => ({
    lastMessage: { text, direction, status: "sent", createdAt: "2026-11-25T10:00:00Z" },
  });
  it("prefixes our own messages and names attachments", () => {
    expect(preview(last("Привет\nкак дела", "inbound"), words)).toBe("Привет как дела");
    expect(preview(last("Добрый день", "outbound"), words)).toBe("Вы: Добрый день");
    expect(preview(last(null, "inbound"), words)).toBe("Вложение");
    expect(preview({ lastMessage: null }, words)).toBe("—");
  });

  it("names the conversation by its contact, else its title", () => {
    expect(displayName({ contactName: "Иван", title: "@ivan" })).toBe("Иван");
    expect(displayName({ contactName: null, title: "@ivan" })).toBe("@ivan");
  });
});

describe("duration", () => {
  it("picks minutes, hours or days", () => {
    expect(duration(20)).toEqual({ key: "panel.minutes", count: 1 });
    expect(duration(90 * 60)).toEqual({ key: "panel.minutes", count: 90 });
    expect(duration(5 * 3600)).toEqual({ key: "panel.hours", count: 5 });
    expect(duration(2 * 86400)).toEqual({ key: "panel.days", count: 2 });
  });
});

describe("overdueFor", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it("is the waiting time of an overdue conversation only", () => {
    const since = "2026-11-25T09:30:00Z";
    expect(overdueFor({ overdue: true, waitingSince: since }, now)).toBe(9000);
    expect(duration(9000)).toEqual({ key: "panel.hours", count: 3 });
    expect(overdueFor({ overdue: false, waitingSince: since }, now)).toBeNull();
    expect(overdueFor({ overdue: true, waitingSince: null }, now)).toBeNull();
  });
});
