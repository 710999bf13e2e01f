import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, formatPhone, formatRelative, parseMoney, personName } from "./format.ts";

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatters", () => {
  it("shows kopecks as roubles, with kopecks only when there are any", () => {
    expect(nbsp(formatMoney(150000, "RUB", "ru"))).toBe("1 500 ₽");
    expect(nbsp(formatMoney(150050, "RUB", "ru"))).toBe("1 500,50 ₽");
    expect(formatMoney(150000, "RUB", "en")).toBe("₽1,500");
  });

  it("reads amounts the way people type them", () => {
    expect(parseMoney("1 500,50")).toBe(150050);
    expect(parseMoney("1500.5 ₽")).toBe(150050);
    expect(parseMoney("abc")).toBeNull();
    expect(parseMoney("1,2,3")).toBeNull();
  });

  it("formats calendar dates without shifting them across time zones", () => {
    expect(formatDate("2026-11-25", "ru")).toBe("25 ноября 2026 г.");
    expect(formatDate("2026-11-25", "en")).toBe("25 November 2026");
  });

  it("says how long ago in the chosen language", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    expect(formatRelative("2026-11-25T11:55:00Z", "ru", now)).toBe("5 минут назад");
    expect(formatRelative("2026-11-27T12:00:00Z", "en", now)).toBe("in 2 days");
  });

  it("writes Russian phones as people read them", () => {
    expect(formatPhone("+79161234567")).toBe("+7 916 123-45-67");
    expect(formatPhone("+442071234567")).toBe("+44 20 7123 4567");
  });

  it("puts the family name first", () => {
    expect(personName({ firstName: "Иван", lastName: "Петров" })).toBe("Петров Иван");
  });
});
