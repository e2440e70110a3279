// The province board: every site the user may watch, grouped by branch, live from /ws/board.
// A site turns red when its longest wait passes its target, amber when people wait for a
// service no open counter serves; a click opens the site's detail.
import { t, name } from "/assets/js/i18n.js";
import { el } from "/assets/js/dom.js";
import { num, shortName, paint } from "./util.js";
import { hhmm } from "/assets/js/time.js";

/** show renders the board into root and follows it live; it returns the cleanup. */
export function show(root, ctx) {
  const rows = new Map();
  let at = null;
  let ws = null;
  let closed = false;
  let delay = 500;
  let failures = 0;
  const view = el("div.board");
  root.append(view);

  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(`${proto}//${location.host}/ws/board`);
    ws.onopen = () => {
      delay = 500;
      failures = 0;
      ctx.setLive(true);
    };
    ws.onmessage = (m) => {
      let msg;
      try {
        msg = JSON.parse(m.data);
      } catch (e) {
        return;
      }
      if (msg.type === "board") rows.clear();
      if (msg.type === "board" || msg.type === "update") {
        for (const r of msg.sites || []) rows.set(r.id, r);
        at = new Date(msg.at);
        render();
      }
    };
    ws.onclose = () => {
      if (closed) return;
      ctx.setLive(false);
      failures++;
      if (failures >= 3 && rows.size === 0) {
        view.replaceChildren(el("section.card.notice", {}, el("p", {}, t("err_network")),
          el("button.btn", { type: "button", onclick: () => location.reload() }, t("retry"))));
      }
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }

  function render() {
    const list = [...rows.values()];
    if (list.length === 0) {
      view.replaceChildren(el("p.muted.pad", {}, t("no_sites")));
      return;
    }
    const ids = new Set(list.map((r) => r.id));
    const kids = (id) => list.filter((r) => r.parent === id && r.id !== id);
    const tops = list.filter((r) => !ids.has(r.parent));
    const featured = [];
    const groups = [];
    for (const top of tops) {
      const children = kids(top.id);
      const branches = children.filter((c) => kids(c.id).length > 0);
      const leaves = children.filter((c) => kids(c.id).length === 0);
      if (branches.length) {
        featured.push(top);
        for (const b of branches) groups.push({ head: b, items: descendants(b.id, kids) });
        if (leaves.length) groups.push({ head: null, title: top, items: leaves });
      } else {
        groups.push({ head: top, items: descendants(top.id, kids) });
      }
    }
    paint(view,
      summary(list, featured),
      legend(),
      el("div.groups", { style: `--cols:${Math.min(groups.length, 9)}` }, groups.map(group)),
    );
  }

  function summary(list, featured) {
    const waiting = list.reduce((n, r) => n + r.waiting, 0);
    const issued = list.reduce((n, r) => n + r.issued_today, 0);
    const open = list.reduce((n, r) => n + r.counters_open, 0);
    const all = list.reduce((n, r) => n + r.counters_open + r.counters_paused + r.counters_closed, 0);
    const alerts = list.filter((r) => r.alert).length;
    const longest = list.reduce((m, r) => (r.waiting && r.longest_wait_min >= (m ? m.longest_wait_min : -1) ? r : m), null);
    const clock = at ? hhmm(at, ctx.config.timezone, true) : "";
    return el("section.summary", {},
      featured.map((r) => tile(r, "featured")),
      kpi(t("waiting"), num(waiting), t("sites_n", { n: list.length })),
      kpi(t("longest"), longest ? `${num(longest.longest_wait_min)} ${t("min_short")}` : t("none"),
        longest ? shortName(name(longest)) : ""),
      kpi(t("issued_today"), num(issued), ""),
      kpi(t("counters_open"), `${num(open)}/${num(all)}`, ""),
      kpi(t("alerts"), num(alerts), clock, alerts ? "kpi-alert" : ""),
    );
  }

  connect();
  return () => {
    closed = true;
    ws && ws.close();
  };
}

function descendants(id, kids) {
  const out = [];
  for (const k of kids(id)) {
    out.push(k, ...descendants(k.id, kids));
  }
  return out;
}

function kpi(label, value, note, cls = "") {
  return el(`div.kpi.card${cls ? "." + cls : ""}`, {}, el("span.kpi-label", {}, label), el("b.kpi-value", {}, value),
    el("small.kpi-note", {}, note));
}

function legend() {
  return el("div.legend", {},
    el("span", {}, el("i.sw.ok"), t("legend_ok")),
    el("span", {}, el("i.sw.unserved"), t("legend_unserved")),
    el("span", {}, el("i.sw.wait"), t("legend_wait")),
  );
}

function group(g) {
  const all = g.head ? [g.head, ...g.items] : g.items;
  const waiting = all.reduce((n, r) => n + r.waiting, 0);
  const alerts = all.filter((r) => r.alert).length;
  return el("section.group.card", {},
    g.head ? tile(g.head, "head") : el("h3.group-title", {}, shortName(name(g.title))),
    el("div.group-sum", {}, el("span", {}, t("sites_n", { n: all.length })), el("span", {}, `Σ ${num(waiting)} ${t("waiting").toLowerCase()}`),
      alerts ? el("span.sum-alert", {}, `${alerts} ${t("alerts").toLowerCase()}`) : null),
    el("ul.items", {}, g.items.map((r) => el("li", {}, tile(r, "item")))),
  );
}

/** tile is one site: its name, waiting count, longest wait and counters, coloured by alert. */
function tile(r, kind) {
  const title = t("tile_title", {
    name: name(r), waiting: r.waiting, longest: r.longest_wait_min, open: r.counters_open,
    paused: r.counters_paused, closed: r.counters_closed, issued: r.issued_today,
  }) + (r.alert === "wait" ? "\n" + t("alert_wait", { n: r.longest_wait_min, target: r.wait_target_min }) : "")
    + (r.alert === "unserved" ? "\n" + t("alert_unserved", { services: (r.unserved || []).join(", ") }) : "");
  const squares = el("span.squares", { "aria-hidden": "true" },
    ...Array(r.counters_open).fill(0).map(() => el("i.sq.open")),
    ...Array(r.counters_paused).fill(0).map(() => el("i.sq.paused")),
    ...Array(r.counters_closed).fill(0).map(() => el("i.sq.closed")));
  const wait = r.waiting > 0 ? `${num(r.longest_wait_min)} ${t("min_short")}` : "";
  return el(`a.tile.${kind}${r.alert ? ".alert-" + r.alert : ""}`, {
    href: "#/site/" + encodeURIComponent(r.id), title, dataset: { site: r.id, alert: r.alert || "none" },
  },
  el("span.t-name", {}, kind === "item" ? shortName(name(r)) : name(r)),
  el("b.t-waiting", { title: t("waiting") }, num(r.waiting)),
  el("span.t-meta", {}, squares, el("span.t-issued", {}, `${num(r.issued_today)} ${t("issued").toLowerCase()}`)),
  el("span.t-wait", { title: t("longest") }, wait),
  );
}
