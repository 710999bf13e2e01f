// Every text exists in both languages: a key added to one file only would show as a raw key.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve(import.meta.dirname, "../src/web/i18n");
const load = (lang: string, file: string) => JSON.parse(readFileSync(path.join(dir, lang, file), "utf8"));

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
/** i18next plural forms differ by language (Russian has few and many); compare the base keys. */
const base = (list: string[]) =>
  [...new Set(list.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, "")))].sort();

describe("translations", () => {
  it("has the same namespaces in Russian and English", () => {
    expect(readdirSync(path.join(dir, "en")).sort()).toEqual(readdirSync(path.join(dir, "ru")).sort());
  });

  for (const file of readdirSync(path.join(dir, "ru"))) {
    it(`${file}: every key in both languages, and no empty text`, () => {
      const ru = keys(load("ru", file));
      const en = keys(load("en", file));
      expect(base(en)).toEqual(base(ru));
      for (const lang of ["ru", "en"]) {
        const empty = keys(load(lang, file)).filter((k) => {
          const text = k
            .split(".")
            .reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], load(lang, file));
          return typeof text !== "string" || text.trim() === "";
        });
        expect(empty, `${lang}/${file}`).toEqual([]);
      }
    });
  }
});
