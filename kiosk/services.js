// The service buttons, grouped by field, laid out to fill the screen without scrolling in
// portrait and landscape, from a commune point's five services to a centre's twenty.
import { t, name } from "/assets/js/i18n.js";
import { minutes } from "./time.js";
import { el } from "/assets/js/dom.js";

const HEADER = 0.42; // a group heading's height, in button heights
const SPLIT = 0.6; // what a group continued in the next column costs (its heading again, and the eye)
const GAP = 14; // px between buttons and groups
const TILES = 6; // up to this many services are tiles, not lists

/** groupsOf keeps the site's order of services and groups them by their field. */
export function groupsOf(services) {
  const groups = [];
  const byName = new Map();
  for (const s of services) {
    const key = s.group || "";
    if (!byName.has(key)) {
      const g = { name: key, name_en: s.group_en || "", services: [] };
      byName.set(key, g);
      groups.push(g);
    }
    byName.get(key).services.push(s);
  }
  return groups;
}

/** items flattens groups into headings and buttons, the units a column is cut from. */
function items(groups) {
  const out = [];
  for (const g of groups) {
    if (g.name) out.push({ head: g, load: HEADER });
    g.services.forEach((s) => out.push({ svc: s, group: g, load: 1 }));
  }
  return out;
}

/**
 * plan chooses the number of columns and where to cut the buttons into them (in reading
 * order, a long group may continue in the next column) to get the largest buttons that fit
 * a box of width × height.
 */
export function plan(groups, width, height) {
  const list = items(groups);
  const options = height > width ? [1, 2, 3] : [2, 3, 4];
  let best = null;
  for (const cols of options) {
    const split = partition(list, cols);
    if (!split) continue;
    const units = Math.max(...split.map((c) => c.load));
    const groupsIn = Math.max(...split.map((c) => c.groups));
    const h = (height - groupsIn * GAP * 2) / units;
    const w = (width - GAP * (cols - 1)) / cols;
    // a good button is tall enough to touch and wide enough for a long name on two lines,
    // but a button across the whole screen is no better than one of 760 px
    const score = Math.min(h, Math.min(w, 760) / 3.2);
    if (!best || score > best.score) best = { cols, split, score, h: Math.min(h, 200), w };
  }
  return best;
}

/**
 * partition cuts the items, in order, into at most cols columns of least maximum load, never
 * right after a heading. Returns [{from, to, load, groups}] or null.
 */
function partition(list, cols) {
  const n = list.length;
  const sum = [0];
  list.forEach((it, i) => sum.push(sum[i] + it.load));
  const load = (a, b) => sum[b] - sum[a];
  const canCut = (i) => i > 0 && i < n && !list[i - 1].head;
  // cost[k][i]: the least maximum load of the first i items in k columns
  const cost = Array.from({ length: cols + 1 }, () => new Array(n + 1).fill(Infinity));
  const from = Array.from({ length: cols + 1 }, () => new Array(n + 1).fill(-1));
  cost[0][0] = 0;
  for (let k = 1; k <= cols; k++) {
    for (let i = 1; i <= n; i++) {
      if (i < n && !canCut(i)) continue;
      for (let j = 0; j < i; j++) {
        if (j > 0 && !canCut(j)) continue;
        const c = Math.max(cost[k - 1][j], load(j, i) + (j > 0 && !list[j].head && list[j].group.name ? SPLIT : 0));
        if (c < cost[k][i]) {
          cost[k][i] = c;
          from[k][i] = j;
        }
      }
    }
  }
  if (cost[cols][n] === Infinity) return null;
  const out = [];
  for (let k = cols, i = n; k > 0; k--) {
    const j = from[k][i];
    const part = list.slice(j, i);
    const continued = j > 0 && !list[j].head && list[j].group.name ? HEADER : 0;
    out.unshift({ from: j, to: i, load: load(j, i) + continued, groups: new Set(part.map((it) => it.head || it.group)).size });
    i = j;
  }
  return out;
}

/** LARGE is how much taller than the screen the buttons are laid out in the large-text mode:
 * larger words need larger buttons, and the list then scrolls rather than cut them. */
export const LARGE = 1.8;

/** render draws the groups into box; onTap(service id) is called on a touch. With large,
 * the columns are planned for a box LARGE times taller (the large-text mode). */
export function render(box, groups, onTap, large = false) {
  box.replaceChildren();
  const all = groups.flatMap((g) => g.services.map((s) => ({ s, g })));
  box.classList.toggle("tiles", all.length <= TILES);
  if (all.length <= TILES) return tiles(box, all, onTap);
  const p = plan(groups, box.clientWidth, large ? box.clientHeight * LARGE : box.clientHeight);
  if (!p) return;
  box.style.setProperty("--cols", p.cols);
  box.style.setProperty("--btn-h", `${Math.floor(p.h)}px`);
  const list = items(groups);
  for (const col of p.split) {
    const column = el("div.column");
    let sec = null;
    let current = null;
    for (const it of list.slice(col.from, col.to)) {
      const g = it.head || it.group;
      if (g !== current) {
        sec = el("section.group");
        column.append(sec);
        current = g;
        if (!it.head && g.name) sec.append(heading(name(g))); // a group continued from the last column
      }
      if (it.head) {
        sec.append(heading(name(g)));
      } else {
        sec.append(button(it.svc, onTap));
      }
    }
    box.append(column);
  }
}

function heading(text) {
  return el("h2", {}, text);
}

/** tiles lays a few services out as large tiles filling the screen, the field written on
 * each (a commune point offers five or six). */
function tiles(box, all, onTap) {
  const portrait = box.clientHeight > box.clientWidth;
  const n = all.length;
  const cols = portrait ? (n <= 2 ? 1 : 2) : n === 4 ? 2 : Math.min(n, 3);
  const rows = Math.ceil(n / cols);
  const h = Math.min(Math.floor((box.clientHeight - GAP * 2 * rows) / rows), portrait ? 420 : 380);
  box.style.setProperty("--cols", cols);
  box.style.setProperty("--btn-h", `${h}px`);
  for (const { s, g } of all) {
    const b = button(s, onTap);
    if (g.name) {
      b.querySelector(".body").prepend(el("span.grp", {}, name(g)));
    }
    box.append(b);
  }
}

function button(s, onTap) {
  const b = el("button.svc", { type: "button", dataset: { service: s.id } });
  b.innerHTML = `<span class="prefix"></span><span class="body"><span class="name"></span><span class="meta"><span class="waiting"></span><span class="eta"></span></span></span>`;
  b.querySelector(".prefix").textContent = s.prefix;
  b.addEventListener("click", () => onTap(s.id));
  update(b, s);
  return b;
}

/** update refreshes a button's name, waiting count, expected wait and state. */
export function update(b, s) {
  b.querySelector(".name").textContent = name(s);
  const full = !s.issuing && s.quota > 0 && s.issued_today >= s.quota;
  b.disabled = full;
  b.classList.toggle("full", full);
  const waiting = b.querySelector(".waiting");
  const eta = b.querySelector(".eta");
  waiting.dataset.n = s.waiting;
  if (full) {
    waiting.textContent = t("svc.quota");
    eta.textContent = "";
    eta.classList.remove("late");
  } else if (s.waiting > 0) {
    waiting.textContent = t("svc.waiting", { n: s.waiting });
    eta.textContent = s.beyond_closing ? t("svc.late") : t("svc.wait", { t: minutes(s.estimated_wait_min) });
    eta.classList.toggle("late", !!s.beyond_closing);
  } else {
    waiting.textContent = t("svc.none");
    eta.textContent = "";
    eta.classList.remove("late");
  }
}
