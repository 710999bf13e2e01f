import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/api.ts";
import {
  accountText,
  type Channel,
  channelFailure,
  channelPath,
  connectSchema,
  emptyChannelForm,
  maskedCredentials,
  statusBadge,
  toConnectBody,
  toUpdateBody,
} from "./channels.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ";

const base = {
  id: "c1",
  name: "Support",
  status: "active",
  lastError: null,
  lastErrorAt: null,
  delivery: "webhook",
  autoCreateContact: true,
  autoCreateDeal: false,
  unsortedForNewChats: true,
  defaultSourceId: null,
  defaultPipelineId: null,
  defaultAssigneeId: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
} as const;

describe("connect body", () => {
  it("sends only the platform's credentials, trimmed, with every routing setting", () => {
    const values = emptyChannelForm();
    values.credentials.token = `  ${TOKEN} `;
    values.credentials.clientId = "left over";
    values.defaultSourceId = "s1";
    expect(toConnectBody("telegram", values)).toEqual({
      credentials: { token: TOKEN },
      autoCreateContact: true,
      autoCreateDeal: false,
      unsortedForNewChats: true,
      defaultSourceId: "s1",
      defaultPipelineId: null,
      defaultAssigneeId: null,
    });
  });

  it("leaves out an empty optional WABA id and sends a given name", () => {
    const values = { ...emptyChannelForm(), name: " Sales " };
    Object.assign(values.credentials, { accessToken: "EAAG", appSecret: "s3", phoneNumberId: "1055" });
    const body = toConnectBody("whatsapp", values);
    expect(body.name).toBe("Sales");
    expect(body.credentials).toEqual({ accessToken: "EAAG", appSecret: "s3", phoneNumberId: "1055" });
    values.credentials.wabaId = "2077";
    expect(toConnectBody("whatsapp", values).credentials).toHaveProperty("wabaId", "2077");
  });

  it("validates the credentials like the server", () => {
    const values = emptyChannelForm();
    values.credentials.token = "not a token";
    expect(connectSchema("telegram").safeParse(values).success).toBe(false);
    values.credentials.token = TOKEN;
    expect(connectSchema("telegram").safeParse(values).success).toBe(true);
    Object.assign(values.credentials, { accessToken: "a", appSecret: "b", phoneNumberId: "12x" });
    expect(connectSchema("whatsapp").safeParse(values).success).toBe(false);
    values.credentials.phoneNumberId = "12";
    expect(connectSchema("whatsapp").safeParse(values).success).toBe(true);
    expect(connectSchema("avito").safeParse(values).success).toBe(false);
  });
});

describe("update body", () => {
  it("clears emptied defaults with null and omits a blank name", () => {
    const { credentials: _, ...values } = { ...emptyChannelForm(), name: "  ", defaultPipelineId: "" };
    expect(toUpdateBody(values)).toEqual({
      autoCreateContact: true,
      autoCreateDeal: false,
      unsortedForNewChats: true,
      defaultSourceId: null,
      defaultPipelineId: null,
      defaultAssigneeId: null,
    });
  });
});

describe("how a channel reads", () => {
  const telegram: Channel = {
    ...base,
    platform: "telegram",
    account: { botId: "1", username: "flame_bot", firstName: "Flame" },
    credentials: { token: "1234…abcd" },
  };
  const whatsapp: Channel = {
    ...base,
    platform: "whatsapp",
    account: {
      phoneNumberId: "1",
      displayPhoneNumber: "+7 900 000-00-00",
      verifiedName: "Flame",
      wabaId: null,
    },
    credentials: {
      accessToken: "EAAG…xyz1",
      appSecret: "ab12…cd34",
      phoneNumberId: "1",
      wabaId: null,
      graphVersion: null,
    },
    callbackUrl: "https://crm.example/api/hooks/whatsapp/c1",
  };

  it("labels each status", () => {
    expect(statusBadge("active")).toEqual({ label: "channels.status.active", color: "teal" });
    expect(statusBadge("error").label).toBe("channels.status.error");
    expect(statusBadge("disconnected").color).toBe("gray");
  });

  it("names the account and shows the masked credentials in order", () => {
    expect(accountText(telegram)).toBe("@flame_bot");
    expect(accountText(whatsapp)).toBe("+7 900 000-00-00 · Flame");
    expect(maskedCredentials(whatsapp)).toEqual([
      ["accessToken", "EAAG…xyz1"],
      ["appSecret", "ab12…cd34"],
      ["phoneNumberId", "1"],
    ]);
    expect(maskedCredentials({ ...telegram, credentials: null })).toEqual([]);
  });

  it("knows the API paths", () => {
    expect(channelPath("telegram")).toBe("/api/messaging/telegram-bot");
    expect(channelPath("avito")).toBe("/api/messaging/avito");
  });
});

describe("connect failures", () => {
  it("tells a refusal, an outage and a duplicate apart from field errors", () => {
    const refused = new ApiError(422, "validation_failed", "x", {
      provider: "telegram",
      reason: "Unauthorized",
    });
    expect(channelFailure(refused)).toEqual({ kind: "refused", reason: "Unauthorized" });
    const down = new ApiError(503, "unavailable", "x", { retryAfterS: 30 });
    expect(channelFailure(down)).toEqual({ kind: "unavailable", retryAfterS: 30 });
    expect(channelFailure(new ApiError(409, "conflict", "x", { integrationId: "c1" }))).toEqual({
      kind: "conflict",
    });
    const fields = new ApiError(422, "validation_failed", "x", [{ field: "body.name", message: "too long" }]);
    expect(channelFailure(fields)).toBeNull();
    expect(channelFailure(new Error("boom"))).toBeNull();
  });
});
