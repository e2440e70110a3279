// Rendering of the hall display's lists: the counters now serving, the latest calls and the
// waiting counts. Plain DOM, rebuilt on every change: a site has at most a few dozen of each.
// Lists that do not fit at a readable size are paged; the page turns with the clock
// (display.js), so every counter and every service is on screen within a few turns.
import { t, name } from "/assets/js/i18n.js";
import { em, tileGrid, cellGrid, page, short, fit } from "./layout.js";
import { el } from "/assets/js/dom.js";

/** pager writes "2/3" (or nothing for one page) in a list's heading. */
function pager(box, index, pages) {
  box.textContent = pages > 1 ? `${index + 1}/${pages}` : "";
  box.classList.toggle("hidden", pages < 2);
}

/**
 * renderServing shows the open and paused counters with their current tickets, as many per
 * page as keep the numbers readable from 10 m, on page p. It returns the number of pages.
 */
export function renderServing(box, pageBox, counters, p) {
  box.replaceChildren();
  if (!counters.length) {
    box.style.removeProperty("--cols");
    box.append(el("div.none-open", {}, t("none_open")));
    pager(pageBox, 0, 1);
    return 1;
  }
  const r = box.getBoundingClientRect();
  // the widest number shown, in ems, with the tiles' tighter letter spacing (NUMBER_SPACING)
  const numbers = counters.map((c) => (c.ticket ? c.ticket.number + (c.ticket.priority ? "★" : "") : "—"));
  const wide = Math.max(...["A000", ...numbers].map((n) => em(n) + NUMBER_SPACING * n.length));
  const g = tileGrid(counters.length, r.width, r.height, wide);
  const th = (r.height - (g.rows - 1) * g.gap) / g.rows;
  const tw = (r.width - (g.cols - 1) * g.gap) / g.cols;
  const label = Math.floor(Math.min(0.2 * th, 0.5 * g.number, (0.86 * tw) / em(`${t("counter")} 000`.toUpperCase(), LABEL_FONT)));
  box.style.setProperty("--cols", g.cols);
  box.style.setProperty("--rows", g.rows);
  box.style.setProperty("--gap", g.gap + "px");
  box.style.setProperty("--tn", g.number + "px");
  box.style.setProperty("--cn", label + "px");
  box.style.setProperty("--state", Math.floor(Math.min(0.45 * g.number, (0.86 * tw) / em(t("paused"), LABEL_FONT))) + "px");
  const { items, index } = page(counters, p, g.perPage, g.pages);
  for (const c of items) {
    const tk = c.ticket;
    const tile = el("div.tile");
    tile.dataset.counter = c.number;
    if (tk && tk.priority) tile.classList.add("prio");
    if (tk && tk.status === "called") tile.classList.add("called");
    if (c.state === "paused") tile.classList.add("paused");
    const cn = el("div.cn", {}, t("counter") + " ");
    cn.append(el("b", {}, String(c.number)));
    tile.append(cn);
    if (tk) {
      tile.append(el("div.tn", {}, tk.number));
      // an appointment or a remote number, marked so the hall sees why it came before
      if (tk.channel === "appointment" || tk.channel === "online") {
        tile.classList.add("remote");
        tile.append(el("div.mark", {}, t(tk.channel === "appointment" ? "appointment" : "remote")));
      }
    } else if (c.state === "paused") tile.append(el("div.state", {}, t("paused")));
    else tile.append(el("div.tn.none", {}, "—")); // an open counter without a ticket
    box.append(tile);
  }
  pager(pageBox, index, g.pages);
  return g.pages;
}

const LABEL_FONT = '700 100px "Be Vietnam Pro", "Noto Sans", Arial, sans-serif';
const NUMBER_SPACING = -0.03; // em: the letter-spacing of .tile .tn in display.css

/** recentRows is how many latest calls the list shows: its rows, set by the stylesheet. */
function recentRows(list) {
  return parseInt(getComputedStyle(list).getPropertyValue("--recent-rows"), 10) || 5;
}

/** renderRecent shows the latest calls but the one in the hero, as many as the list has rows. */
export function renderRecent(list, calls, hero) {
  list.replaceChildren();
  const n = recentRows(list);
  const shown = calls.filter((c) => !hero || c.number !== hero.number).slice(0, n);
  for (const c of shown) {
    const li = el("li", { class: c.priority ? "prio" : "" });
    const b = el("b", {}, c.number);
    b.style.setProperty("--chars", Math.max(4, c.number.length));
    li.append(b);
    li.append(el("span", {}, `${t("counter")} ${c.counterNumber ?? ""}`));
    list.append(li);
  }
  for (let i = shown.length; i < n; i++) list.append(el("li.empty", {}, ""));
}

/**
 * renderWaiting shows every service of the site with its waiting count (none hidden), as
 * many per page as fit, on page p, and the total in the heading. It returns the number of
 * pages.
 */
export function renderWaiting(box, totalBox, pageBox, services, p) {
  box.replaceChildren();
  totalBox.textContent = `${t("total")} ${services.reduce((n, s) => n + s.waiting, 0)}`;
  const r = box.getBoundingClientRect();
  const s = short();
  const gap = Math.round(0.01 * s);
  const g = cellGrid(services.length, r.width, r.height, 0.24 * s, 0.085 * s, gap);
  box.style.setProperty("--cols", g.cols);
  box.style.setProperty("--rows", g.rows);
  const { items, index } = page(services, p, g.perPage, g.pages);
  for (const sv of items) {
    const cell = el("div", { class: "cell" + (sv.waiting ? "" : " zero") });
    cell.dataset.service = sv.id;
    cell.append(el("span.px", {}, sv.prefix || ""));
    cell.append(el("span.nm", {}, name(sv)));
    cell.append(el("b.ct", {}, String(sv.waiting)));
    box.append(cell);
  }
  // a long name shrinks to fit its two lines rather than lose its end
  for (const nm of box.querySelectorAll(".nm")) fit(nm, 0.014 * s, 2);
  pager(pageBox, index, g.pages);
  return g.pages;
}
