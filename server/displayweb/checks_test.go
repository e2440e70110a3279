package displayweb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// fitScript measures, in the page, whether the hall display fits its screen: the document
// does not scroll; no element of the header or the board lies outside the screen or outside
// its panel; no text is cut, that is, no line of a text node reaches past an ancestor that
// clips it (hidden by overflow, an ellipsis or a line clamp); and it lists what is on screen
// now: the counters' tiles with their numbers' font size, and the services' cells.
const fitScript = `(() => {
	const se = document.scrollingElement;
	const r = { Scroll: se.scrollWidth > innerWidth + 1 || se.scrollHeight > innerHeight + 1,
		Outside: [], Cut: [], Tiles: [], Services: [], MinNumber: 1e9, MinLabel: 1e9 };
	const desc = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "") +
		" " + JSON.stringify((el.textContent || "").trim().slice(0, 40));
	const inside = (b, o, dx, dy) => b.left >= o.left - dx && b.top >= o.top - dy && b.right <= o.right + dx && b.bottom <= o.bottom + dy;
	const screen = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
	for (const root of document.querySelectorAll(".top, .board > section")) {
		const box = root.getBoundingClientRect();
		for (const el of [root, ...root.querySelectorAll("*")]) {
			if (!el.getClientRects().length) continue;
			const b = el.getBoundingClientRect();
			if (b.width === 0 || b.height === 0) continue;
			if (!inside(b, screen, 1, 1) || !inside(b, box, 1, 1)) r.Outside.push(desc(el));
		}
		const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const el = n.parentElement;
			if (!n.textContent.trim() || !el.getClientRects().length) continue;
			const range = document.createRange();
			range.selectNodeContents(n);
			const lines = [...range.getClientRects()];
			const size = parseFloat(getComputedStyle(el).fontSize);
			for (let a = el; a && a !== document.body; a = a.parentElement) {
				const cs = getComputedStyle(a);
				const clamped = cs.webkitLineClamp && cs.webkitLineClamp !== "none";
				if (cs.overflowX === "visible" && cs.overflowY === "visible" && !clamped) continue;
				const clip = a.getBoundingClientRect();
				// a glyph's accents may reach a little past its line; a line past the box is cut
				if (lines.some((l) => !inside(l, clip, 2, 0.2 * size)) || (a === el && cs.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1)) {
					r.Cut.push(desc(el) + " in " + desc(a));
					break;
				}
			}
		}
	}
	for (const tile of document.querySelectorAll(".tile")) {
		r.Tiles.push(+tile.dataset.counter);
		const tn = tile.querySelector(".tn:not(.none)");
		if (tn) r.MinNumber = Math.min(r.MinNumber, parseFloat(getComputedStyle(tn).fontSize));
		r.MinLabel = Math.min(r.MinLabel, parseFloat(getComputedStyle(tile.querySelector(".cn")).fontSize));
	}
	for (const cell of document.querySelectorAll(".cell")) r.Services.push(cell.dataset.service);
	r.Pages = Math.max(...["serving-page", "waiting-page"].map((id) => +((document.getElementById(id) || { textContent: "" }).textContent.split("/")[1] || 1)));
	return r;
})()`

// layout is what fitScript returns.
type layout struct {
	Scroll              bool
	Outside, Cut        []string
	Tiles               []int
	Services            []string
	MinNumber, MinLabel float64
	Pages               int // the most pages a list takes
}

// measure runs fitScript.
func measure(t *testing.T, ctx context.Context) layout {
	t.Helper()
	var l layout
	js(t, ctx, fitScript, &l)
	return l
}

// contrastScript computes, in the page, the contrast ratio (WCAG 2) of every visible text
// node with what is behind it: the text's colour (with its opacity and its ancestors') over
// the backgrounds of its ancestors composited up to the first opaque one, every colour of a
// gradient taken in turn (the worst counts). It does so with every animation stopped at its
// start and again half-way (where blinks and highlights change colours), and returns the
// texts under 4.5:1.
const contrastScript = `(() => {
	const parse = (c) => {
		const m = /rgba?\(([^)]*)\)/.exec(c || "");
		if (!m) return null;
		const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
		return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
	};
	const lum = (c) => {
		const f = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
	};
	const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
		b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
	const ratio = (x, y) => { const a = lum(x), b = lum(y); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
	const behind = (el) => {
		const layers = [];
		for (let e = el; e; e = e.parentElement) {
			const cs = getComputedStyle(e);
			if (cs.backgroundImage && cs.backgroundImage !== "none") {
				const stops = (cs.backgroundImage.match(/rgba?\([^)]*\)/g) || []).map(parse);
				if (stops.length) layers.push(stops);
			}
			const bg = parse(cs.backgroundColor);
			if (bg && bg.a > 0) layers.push([bg]);
			if (bg && bg.a >= 1) break;
		}
		let all = [{ r: 255, g: 255, b: 255, a: 1 }];
		for (let i = layers.length - 1; i >= 0; i--) all = layers[i].flatMap((top) => all.map((b) => over(top, b)));
		return all;
	};
	const check = (when, bad) => {
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const el = n.parentElement;
			if (!n.textContent.trim() || !el || !el.getClientRects().length) continue;
			const cs = getComputedStyle(el);
			if (cs.visibility === "hidden") continue;
			let fg = parse(cs.color), alpha = fg.a;
			for (let e = el; e; e = e.parentElement) alpha *= parseFloat(getComputedStyle(e).opacity);
			if (alpha === 0) continue;
			fg = { ...fg, a: alpha };
			let worst = 99, against = null;
			for (const bg of behind(el)) {
				const c = ratio(over(fg, bg), bg);
				if (c < worst) { worst = c; against = bg; }
			}
			if (worst < 4.5) bad.push(when + ": " + JSON.stringify(n.textContent.trim().slice(0, 30)) + " " + worst.toFixed(2) + ":1 (" +
				cs.color + " on rgb(" + [against.r, against.g, against.b].map(Math.round).join(", ") + "))");
		}
	};
	const bad = [];
	const anims = document.getAnimations();
	for (const [when, frac] of [["at rest", 0], ["half-way", 0.55]]) {
		for (const a of anims) {
			a.pause();
			a.currentTime = frac * (a.effect.getComputedTiming().duration || 0);
		}
		check(when, bad);
	}
	anims.forEach((a) => a.play());
	return bad;
})()`

// lowContrast lists the texts of the page under 4.5:1.
func lowContrast(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var bad []string
	js(t, ctx, contrastScript, &bad)
	return bad
}

// missing lists the wanted items not seen.
func missing[K comparable](want []K, seen map[K]bool) string {
	var out []string
	for _, w := range want {
		if !seen[w] {
			out = append(out, fmt.Sprint(w))
		}
	}
	return strings.Join(out, " ")
}
