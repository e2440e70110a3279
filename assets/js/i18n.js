// Vietnamese first, English on a toggle (or ?lang=en in the address). A page gives its
// dictionary; elements with data-i18n="key" get their text, data-i18n-attr="attr:key" an
// attribute.
import { lang } from "./api.js";

let dict = { vi: {}, en: {} };
const listeners = [];

/**
 * setup installs a page's dictionary {vi: {key: text}, en: {…}} and translates the page. An
 * address with ?lang=en (or vi) chooses the language, as the toggle does, and is remembered.
 */
export function setup(d) {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "en" || asked === "vi") localStorage.setItem("luot.lang", asked);
  dict = d;
  document.documentElement.lang = lang();
  apply();
}

/**
 * bilingual turns a table of {key: ["Vietnamese", "English"]}, each word beside its
 * translation, into the dictionary setup takes: {vi: {key: …}, en: {key: …}}.
 */
export function bilingual(table) {
  const d = { vi: {}, en: {} };
  for (const [key, [vi, en]] of Object.entries(table)) {
    d.vi[key] = vi;
    d.en[key] = en;
  }
  return d;
}

/** t returns the text of key in the current language, with {name} placeholders filled. */
export function t(key, vars = {}) {
  const text = (dict[lang()] && dict[lang()][key]) ?? dict.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ""));
}

/** toggle switches between Vietnamese and English and re-renders. */
export function toggle() {
  localStorage.setItem("luot.lang", lang() === "vi" ? "en" : "vi");
  document.documentElement.lang = lang();
  apply();
  listeners.forEach((f) => f(lang()));
}

/** onChange calls f(lang) after every toggle, for text that pages render themselves. */
export function onChange(f) {
  listeners.push(f);
}

/** apply translates every element marked with data-i18n or data-i18n-attr. */
export function apply(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
  root.querySelectorAll("[data-i18n-attr]").forEach((el) => {
    for (const pair of el.dataset.i18nAttr.split(",")) {
      const [attr, key] = pair.split(":");
      el.setAttribute(attr, t(key));
    }
  });
}

/** name picks the Vietnamese or English name of a configured item. */
export function name(item) {
  return lang() === "en" && item.name_en ? item.name_en : item.name;
}
