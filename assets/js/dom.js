// Building and finding elements, for every page: one el and one $, so that the pages' code
// reads alike.

/** $ finds an element by id. */
export const $ = (id) => document.getElementById(id);

/**
 * el builds an element: el("div.card.wide#x", {onclick, title, class, dataset, text, style, …},
 * ...children). spec is the tag (div when empty), its fixed classes after dots and its id
 * after "#". Of attrs: on<event> adds a listener; class adds classes given as a string (the
 * computed ones: el("li", {class: c.priority ? "prio" : ""})); dataset sets data-*; text the
 * text; style goes through the CSSOM (the pages' CSP forbids style attributes); true is an
 * empty attribute, and null, undefined and false set nothing. children are nodes or text
 * (numbers too), nested arrays flattened, null, undefined, false and "" skipped.
 */
export function el(spec, attrs = {}, ...children) {
  const [tagAndClasses, id] = spec.split("#");
  const [tag, ...classes] = tagAndClasses.split(".");
  const node = document.createElement(tag || "div");
  const cls = classes.filter(Boolean);
  if (cls.length) node.className = cls.join(" ");
  if (id) node.id = id;
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.classList.add(...String(v).split(/\s+/).filter(Boolean));
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "text") node.textContent = v;
    else if (k === "style") node.style.cssText = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false || c === "") continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
