import { describe, expect, it } from "vitest";
import { countsList, leadSummary } from "./summary.ts";

describe("lead summary", () => {
  it("takes the person from the contact, the words and UTM tags from the payload", () => {
    const s = leadSummary({
      contact: { name: "Иван Петров", phone: "+79161234567", telegramUsername: "ivan_p" },
      payload: {
        utm_campaign: "black-friday",
        utm_source: "yandex",
        "UTM Medium": "cpc",
        message: "  Хочу узнать цену  ",
        city: "Казань",
        nested: { a: 1 },
      },
    });
    expect(s).toMatchObject({
      name: "Иван Петров",
      phone: "+79161234567",
      email: null,
      telegram: "@ivan_p",
      message: "Хочу узнать цену",
      utm: [
        ["utm_source", "yandex"],
        ["utm_medium", "cpc"],
        ["utm_campaign", "black-friday"],
      ],
      extra: [["city", "Казань"]],
    });
  });

  it("falls back to the payload's form fields for the person, and reads a nested utm object", () => {
    const s = leadSummary({
      contact: {},
      payload: {
        Имя: "Анна",
        Телефон: "8 916 000-00-00",
        email: "a@b.ru",
        comment: "Перезвоните",
        utm: { source: "vk", term: "crm" },
      },
    });
    expect(s).toMatchObject({
      name: "Анна",
      phone: "8 916 000-00-00",
      email: "a@b.ru",
      message: "Перезвоните",
      utm: [
        ["utm_source", "vk"],
        ["utm_term", "crm"],
      ],
      extra: [],
    });
  });

  it("is empty for an empty lead", () => {
    expect(leadSummary({ contact: {}, payload: {} })).toEqual({
      name: null,
      phone: null,
      email: null,
      company: null,
      telegram: null,
      whatsapp: null,
      message: null,
      conversationId: null,
      utm: [],
      extra: [],
    });
  });

  it("shows a chat's first message and links its conversation, without the CRM's own ids", () => {
    const s = leadSummary({
      contact: { name: "Ольга", whatsappId: "79161234567" },
      payload: {
        integrationId: "int1",
        conversationId: "conv1",
        contactId: "c1",
        message: { id: "m1", externalId: "wamid.1", text: "Есть доставка?", media: [], sentAt: null },
      },
    });
    expect(s).toMatchObject({ whatsapp: "79161234567", message: "Есть доставка?", conversationId: "conv1" });
    expect(s.extra).toEqual([]);
  });
});

describe("counts", () => {
  it("list the channels with leads, most first", () => {
    expect(countsList({ form: 2, telegram: 5, avito: 0, api: 2 })).toEqual([
      ["telegram", 5],
      ["api", 2],
      ["form", 2],
    ]);
  });
});
