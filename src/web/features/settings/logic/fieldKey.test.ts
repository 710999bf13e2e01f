import { describe, expect, it } from "vitest";
import { FIELD_KEY, fieldKeyFromLabel, transliterate, uniqueKey } from "./fieldKey.ts";

describe("custom field key from its label", () => {
  it("transliterates Russian labels", () => {
    expect(fieldKeyFromLabel("Дата рождения")).toBe("data_rozhdeniya");
    expect(fieldKeyFromLabel("Щётка ёжика")).toBe("shchetka_ezhika");
    expect(fieldKeyFromLabel("Объём, шт.")).toBe("obem_sht");
    expect(fieldKeyFromLabel("Район / Хабаровск")).toBe("rayon_khabarovsk");
    expect(fieldKeyFromLabel("Юр. лицо")).toBe("yur_litso");
    expect(fieldKeyFromLabel("Цена за час")).toBe("tsena_za_chas");
  });

  it("keeps Latin text and drops accents", () => {
    expect(fieldKeyFromLabel("Preferred Contact Time")).toBe("preferred_contact_time");
    expect(fieldKeyFromLabel("Café crème")).toBe("cafe_creme");
    expect(transliterate("Қазақ")).toBe("kazak");
  });

  it("starts with a letter and is never empty", () => {
    expect(fieldKeyFromLabel("2ГИС")).toBe("f_2gis");
    expect(fieldKeyFromLabel("  --  ")).toBe("field");
    expect(fieldKeyFromLabel("💰")).toBe("field");
  });

  it("is always a key the API accepts", () => {
    const long = fieldKeyFromLabel("Очень ".repeat(30));
    expect(long.length).toBeLessThanOrEqual(64);
    for (const label of ["Дата рождения", "2ГИС", "Очень ".repeat(30), "💰", "ИНН/КПП"]) {
      expect(fieldKeyFromLabel(label)).toMatch(FIELD_KEY);
    }
  });
});

describe("unique keys", () => {
  it("adds a number when the key is taken", () => {
    expect(uniqueKey("city", [])).toBe("city");
    expect(uniqueKey("city", ["city"])).toBe("city_2");
    expect(uniqueKey("city", ["city", "city_2"])).toBe("city_3");
  });

  it("stays within 64 characters", () => {
    const key = "a".repeat(64);
    const next = uniqueKey(key, [key]);
    expect(next).toHaveLength(64);
    expect(next.endsWith("_2")).toBe(true);
    expect(next).toMatch(FIELD_KEY);
  });
});
