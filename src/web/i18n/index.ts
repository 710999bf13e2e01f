// Russian by default, English on request; the choice is remembered in the browser. Every feature keeps
// its texts in i18n/{ru,en}/<feature>.json, loaded as the i18next namespace of that name.
import dayjs from "dayjs";
import "dayjs/locale/ru";
import "dayjs/locale/en-gb";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGS = ["ru", "en"] as const;
export type Lang = (typeof LANGS)[number];
const STORAGE_KEY = "flame.lang";

type Bundle = Record<string, unknown>;
const files = import.meta.glob<Bundle>("./*/*.json", { eager: true, import: "default" });

function resources() {
  const out: Record<Lang, Record<string, Bundle>> = { ru: {}, en: {} };
  for (const [file, bundle] of Object.entries(files)) {
    const [, lang, ns] = file.match(/^\.\/(ru|en)\/(.+)\.json$/) ?? [];
    if ((lang === "ru" || lang === "en") && ns) out[lang][ns] = bundle;
  }
  return out;
}

export function storedLang(): Lang {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return saved === "en" ? "en" : "ru";
}

function applyLang(lang: Lang) {
  document.documentElement.lang = lang;
  dayjs.locale(lang === "ru" ? "ru" : "en-gb");
}

export function setLang(lang: Lang) {
  localStorage.setItem(STORAGE_KEY, lang);
  applyLang(lang);
  return i18n.changeLanguage(lang);
}

const initial = storedLang();
applyLang(initial);
void i18n.use(initReactI18next).init({
  resources: resources(),
  lng: initial,
  fallbackLng: "ru",
  defaultNS: "common",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
