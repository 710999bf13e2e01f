import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/api.ts";
import type { Message } from "./api.ts";
import {
  chronological,
  dayOf,
  fileSize,
  groupByDay,
  isImageMedia,
  isSendKey,
  isWindowClosed,
  replyRefusal,
  statusKey,
} from "./thread.ts";

const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).toISOString();
const msg = (id: string, createdAt: string): Message => ({
  id,
  conversationId: "c",
  direction: "inbound",
  text: id,
  media: [],
  status: "received",
  error: null,
  authorId: null,
  createdAt,
  sentAt: null,
  deliveredAt: null,
  readAt: null,
});

describe("groupByDay", () => {
  it("keeps runs of the same local day together, in order", () => {
    const items = [
      msg("a", at(2026, 11, 24, 9)),
      msg("b", at(2026, 11, 24, 23)),
      msg("c", at(2026, 11, 25, 0)),
    ];
    const groups = groupByDay(items);
    expect(groups.map((g) => g.day)).toEqual(["2026-11-24", "2026-11-25"]);
    expect(groups[0]?.items.map((m) => m.id)).toEqual(["a", "b"]);
    expect(groupByDay([])).toEqual([]);
  });

  it("dayOf pads month and day", () => {
    expect(dayOf(new Date(2026, 0, 5, 12))).toBe("2026-01-05");
  });
});

describe("chronological", () => {
  it("turns newest-first pages into oldest first without duplicates", () => {
    const pages = [
      { items: [msg("c", at(2026, 11, 25, 3)), msg("b", at(2026, 11, 25, 2))] },
      { items: [msg("b", at(2026, 11, 25, 2)), msg("a", at(2026, 11, 25, 1))] },
    ];
    expect(chronological(pages).map((m) => m.id)).toEqual(["a", "b", "c"]);
  });
});

describe("statusKey", () => {
  it("names every status", () => {
    expect(statusKey("queued")).toBe("status.queued");
    expect(statusKey("failed")).toBe("status.failed");
    expect(statusKey("read")).toBe("status.read");
  });
});

describe("window-closed detection", () => {
  it("recognises the 422 whatsapp_window_closed refusal", () => {
    const err = new ApiError(422, "validation_failed", "Send a template", {
      reason: "whatsapp_window_closed",
    });
    expect(isWindowClosed(err)).toBe(true);
    expect(replyRefusal(err)).toBe("whatsapp_window_closed");
  });

  it("ignores other errors", () => {
    expect(
      isWindowClosed(new ApiError(422, "validation_failed", "x", [{ field: "body.text", message: "m" }])),
    ).toBe(false);
    expect(isWindowClosed(new ApiError(404, "not_found", "x", { reason: "whatsapp_window_closed" }))).toBe(
      false,
    );
    expect(isWindowClosed(new Error("x"))).toBe(false);
    expect(
      replyRefusal(new ApiError(422, "validation_failed", "x", { reason: "channel_disconnected" })),
    ).toBe("channel_disconnected");
  });
});

describe("isSendKey", () => {
  it("sends on Enter, not on Shift+Enter", () => {
    expect(isSendKey({ key: "Enter", shiftKey: false })).toBe(true);
    expect(isSendKey({ key: "Enter", shiftKey: true })).toBe(false);
    expect(isSendKey({ key: "Enter", shiftKey: false, isComposing: true })).toBe(false);
    expect(isSendKey({ key: "a", shiftKey: false })).toBe(false);
  });
});

describe("files in the thread", () => {
  it("shows images the browser can draw as thumbnails, anything else as a link", () => {
    expect(isImageMedia({ kind: "photo" })).toBe(true);
    expect(isImageMedia({ kind: "document", mimeType: "image/png" })).toBe(true);
    expect(isImageMedia({ kind: "photo", mimeType: "image/heic" })).toBe(false);
    expect(isImageMedia({ kind: "document", mimeType: "application/pdf" })).toBe(false);
    expect(isImageMedia({ kind: "sticker", mimeType: "application/x-tgsticker" })).toBe(false);
  });

  it("says how big the chosen file is", () => {
    expect(fileSize(900)).toBe("900 B");
    expect(fileSize(150 * 1024)).toBe("150 KB");
    expect(fileSize(21 * 1024 * 1024)).toBe("21.0 MB");
  });
});
