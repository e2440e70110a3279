// The geometry of the hall display: how many tiles and cells fit their boxes at a size read
// from 10 metres, and how large text may be without overflowing. Text is measured with the
// page's own font (a canvas), so nothing is guessed from a character count.

/**
 * MIN_NUMBER is the smallest ticket number of the serving list on a 1080-pixel screen (the
 * short side of a 1920×1080 TV in either orientation), in pixels; it scales with the screen.
 */
export const MIN_NUMBER = 80;

const TILE_GAP = 0.008; // of the screen's short side
const FONT = '800 100px "Be Vietnam Pro", "Noto Sans", Arial, sans-serif';
let canvas = null;
const widths = new Map();

/**
 * em is the width of text in ems of the display's heaviest weight (800). Digits are measured
 * as zeros: the page sets numbers with tabular figures, all as wide as a zero, which a canvas
 * cannot.
 */
export function em(text, font = FONT) {
  text = text.replace(/[0-9]/g, "0");
  const key = font + "\u0000" + text;
  if (!widths.has(key)) {
    canvas = canvas || document.createElement("canvas");
    const g = canvas.getContext("2d");
    g.font = font;
    widths.set(key, g.measureText(text).width / 100);
    if (widths.size > 2000) widths.clear();
  }
  return widths.get(key);
}

/** remeasure forgets measured widths: the font has loaded (or changed). */
export function remeasure() {
  widths.clear();
}

/** short is the screen's short side in pixels. */
export function short() {
  return Math.min(innerWidth, innerHeight);
}

/**
 * tileGrid lays n tiles in a box of w×h pixels, each tile a counter's band over its ticket
 * number; wide is the widest number in ems. It returns {cols, rows, perPage, pages, number,
 * gap}: the grid of one page, the font size of the numbers, and how many pages the tiles
 * take. All tiles are on one page when the numbers can be MIN_NUMBER (scaled) or larger;
 * else the tiles are spread evenly over as few pages as keep them that large.
 */
export function tileGrid(n, w, h, wide) {
  const gap = Math.round(TILE_GAP * short());
  const min = (MIN_NUMBER * short()) / 1080;
  const font = (cols, rows) => {
    const tw = (w - (cols - 1) * gap) / cols;
    const th = (h - (rows - 1) * gap) / rows;
    return Math.min(0.56 * th, (0.92 * tw) / wide);
  };
  const best = (count) => {
    let pick = { cols: 1, rows: Math.max(1, count), number: 0 };
    for (let cols = 1; cols <= Math.max(1, count); cols++) {
      const rows = Math.ceil(count / cols);
      const f = font(cols, rows);
      if (f > pick.number + 0.5) pick = { cols, rows, number: f };
    }
    return pick;
  };
  let pages = 1;
  let g = best(Math.max(1, n));
  // every count of tiles per page that keeps the numbers large enough, the most first
  while (g.number < min && pages < n) {
    pages++;
    g = best(Math.ceil(n / pages));
  }
  return { ...g, number: Math.floor(g.number), perPage: Math.ceil(Math.max(1, n) / pages), pages, gap };
}

/**
 * cellGrid lays n cells of at least minW×cellH pixels in a box of w×h: {cols, rows, perPage,
 * pages}, pages holding the cells evenly.
 */
export function cellGrid(n, w, h, minW, cellH, gap) {
  const cols = Math.max(1, Math.floor((w + gap) / (minW + gap)));
  const rows = Math.max(1, Math.floor((h + gap) / (cellH + gap)));
  const pages = Math.max(1, Math.ceil(n / (cols * rows)));
  const perPage = Math.ceil(Math.max(1, n) / pages);
  return { cols: Math.min(cols, Math.max(1, perPage)), rows: Math.min(rows, Math.ceil(perPage / cols)), perPage, pages };
}

/** page is the slice of items on page p (counted from 0, wrapping) of pages of perPage each. */
export function page(items, p, perPage, pages) {
  const i = ((p % pages) + pages) % pages;
  return { items: items.slice(i * perPage, (i + 1) * perPage), index: i };
}

/**
 * fit shrinks an element's font until its text fits its box (at most lines lines), from the
 * size its stylesheet gives down to min pixels.
 */
export function fit(el, min, lines = 2) {
  el.style.fontSize = "";
  let size = parseFloat(getComputedStyle(el).fontSize);
  const lineHeight = () => parseFloat(getComputedStyle(el).lineHeight) || size * 1.2;
  const over = () => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1 ||
    el.scrollHeight > lines * lineHeight() + 2;
  while (over() && size > min) {
    size = Math.max(min, size - 1);
    el.style.fontSize = size + "px";
  }
}
