// The key of a custom field, made from its label: Latin lower case, digits and _, as the API requires.

/** What the API accepts as a custom field key. */
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,63}$/;
const MAX = 64;

// Russian (as in passports and bank cards, ICAO-like), plus the Ukrainian, Belarusian and Kazakh letters.
const CYRILLIC: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
  і: "i",
  ї: "yi",
  є: "ye",
  ґ: "g",
  ў: "u",
  ә: "a",
  ғ: "g",
  қ: "k",
  ң: "n",
  ө: "o",
  ұ: "u",
  ү: "u",
  һ: "h",
};

/** A Latin spelling of the text: Cyrillic transliterated, accents dropped, everything else kept. */
export function transliterate(text: string): string {
  let out = "";
  for (const ch of text.toLowerCase()) {
    const mapped = CYRILLIC[ch];
    out += mapped ?? ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  return out;
}

/** "Дата рождения" → "data_rozhdeniya"; "2ГИС" → "f_2gis"; nothing usable → "field". */
export function fieldKeyFromLabel(label: string): string {
  let key = transliterate(label)
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!key) return "field";
  if (!/^[a-z]/.test(key)) key = `f_${key}`;
  return key.slice(0, MAX).replace(/_+$/, "");
}

/** `key`, or `key_2`, `key_3`… when it is taken (still at most 64 characters). */
export function uniqueKey(key: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(key)) return key;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${key.slice(0, MAX - suffix.length).replace(/_+$/, "")}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}
