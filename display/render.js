// Rendering of the hall display's lists: counters now serving, the latest calls and the
// waiting counts. Plain DOM, rebuilt on every change: a site has at most a few dozen of each.
import { t, name } from "/assets/js/i18n.js";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** fitColumns picks the number of columns that gives n tiles of box the largest text. */
export function fitColumns(n, width, height) {
  let best = 1;
  let bestSize = 0;
  for (let cols = 1; cols <= 6; cols++) {
    const rows = Math.ceil(n / cols);
    const size = Math.min(height / rows, width / cols / 3.4); // a tile wants about 3.4:1
    if (size > bestSize + 0.5) {
      best = cols;
      bestSize = size;
    }
  }
  return best;
}

/** renderServing shows every open or paused counter with its current ticket. */
export function renderServing(box, counters) {
  box.replaceChildren();
  if (!counters.length) {
    box.append(el("div", "none-open", t("none_open")));
    return;
  }
  const r = box.getBoundingClientRect();
  box.style.setProperty("--cols", fitColumns(counters.length, r.width || 800, r.height || 600));
  for (const c of counters) {
    const tk = c.ticket;
    const tile = el("div", "tile");
    tile.dataset.counter = c.id;
    if (tk && tk.priority) tile.classList.add("prio");
    if (tk && tk.status === "called") tile.classList.add("called");
    if (c.state === "paused") tile.classList.add("paused");
    const cn = el("div", "cn", t("counter") + " ");
    cn.append(el("b", "", String(c.number)));
    tile.append(cn);
    if (tk) tile.append(el("div", "tn", tk.number));
    else if (c.state === "paused") tile.append(el("div", "state", t("paused")));
    else tile.append(el("div", "tn none", "—"));
    box.append(tile);
  }
}

/** renderRecent shows the latest calls but the one in the hero, six at most. */
export function renderRecent(list, calls, hero) {
  list.replaceChildren();
  const shown = calls.filter((c) => !hero || c.ticketKey !== hero.ticketKey).slice(0, 6);
  for (const c of shown) {
    const li = el("li", c.priority ? "prio" : "");
    li.append(el("b", "", c.number));
    li.append(el("span", "", `${t("counter")} ${c.counterNumber ?? ""}`));
    list.append(li);
  }
  for (let i = shown.length; i < 6; i++) list.append(el("li", "empty", ""));
}

/** renderWaiting shows the total and each service with people waiting. */
export function renderWaiting(box, services) {
  box.replaceChildren();
  const total = services.reduce((n, s) => n + s.waiting, 0);
  const chip = (cls, label, n) => {
    const c = el("div", "chip " + cls, label + " ");
    c.append(el("b", "", String(n)));
    return c;
  };
  box.append(chip("total", t("total"), total));
  const busy = services.filter((s) => s.waiting > 0);
  if (!busy.length) {
    box.append(el("div", "chip zero", t("nobody")));
    return;
  }
  for (const s of busy) box.append(chip("", name(s), s.waiting));
  // chips that do not fit are summed up in one, never cut off or scrolled
  const chips = [...box.children];
  let hidden = 0;
  const more = el("div", "chip zero", "");
  box.append(more);
  for (let i = chips.length - 1; i > 1 && overflows(box); i--) {
    chips[i].remove();
    hidden++;
    more.textContent = t("more", { n: hidden });
  }
  if (!hidden) more.remove();
}

function overflows(box) {
  return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
}
