// Reports: the report of api.md for a period, by service, counter, officer, hour, day or
// site, for a site, a branch with its points, or the province; two charts (Chart.js,
// vendored) and the exports (CSV, Excel, a PDF to sign).
import { api, lang } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { overseen } from "/assets/js/sites.js";
import { el } from "/assets/js/dom.js";
import { num, date, iso, message } from "./util.js";

const BYS = ["service", "counter", "officer", "hour", "day", "site", "channel"];
const state = { site: null, from: "", to: "", by: "service" };

export function show(root, ctx) {
  const charts = [];
  const today = ctx.config.now
    ? new Date(ctx.config.now).toLocaleDateString("en-CA", { timeZone: ctx.config.timezone || "Asia/Ho_Chi_Minh" })
    : iso(new Date());
  if (!state.from) state.from = state.to = today;
  const sites = visibleSites(ctx);
  if (state.site === null) state.site = ctx.user.role === "admin" ? "" : (sites[0] ? sites[0].id : "");

  const siteSel = el("select#r-site", { "aria-label": t("report_site") });
  if (ctx.user.role === "admin") siteSel.append(el("option", { value: "" }, t("province")));
  for (const s of sites) {
    const depth = depthOf(s, ctx.sites);
    siteSel.append(el("option", { value: s.id }, "\u00a0\u00a0".repeat(depth) + name(s)));
  }
  siteSel.value = state.site;
  const from = el("input#r-from", { type: "date", value: state.from, max: today });
  const to = el("input#r-to", { type: "date", value: state.to, max: today });
  const by = el("select#r-by", {}, BYS.map((b) => el("option", { value: b }, t("by_" + b))));
  by.value = state.by;
  const go = el("button.btn#r-show", { type: "submit" }, t("show"));
  const out = el("div.report-out");
  const form = el("form.filters.card", { onsubmit: (e) => { e.preventDefault(); run(); } },
    labelled(t("report_site"), siteSel), labelled(t("from"), from), labelled(t("to"), to), labelled(t("by"), by), go);

  const quick = el("div.quick", {}, [
    ["today", () => [today, today]],
    ["last7", () => [shift(today, -6), today]],
    ["this_month", () => [today.slice(0, 8) + "01", today]],
    ["last_month", () => lastMonth(today)],
  ].map(([key, range]) => el("button.chip", { type: "button", onclick: () => {
    [from.value, to.value] = range();
    run();
  } }, t(key))));
  root.append(el("div.view-head", {}, el("h1", {}, t("reports"))), form, quick, out);

  async function run() {
    state.site = siteSel.value;
    state.from = from.value;
    state.to = to.value;
    state.by = by.value;
    if (!state.from || !state.to || state.from > state.to) {
      out.replaceChildren(el("p.form-error", { role: "alert" }, t("bad_period")));
      return;
    }
    const q = new URLSearchParams({ from: state.from, to: state.to, by: state.by });
    if (state.site) q.set("site", state.site);
    go.disabled = true;
    out.replaceChildren(el("p.muted", {}, t("loading")));
    try {
      const r = await api("/reports?" + q.toString(), { timeout: 30000 });
      render(r, q);
    } catch (err) {
      out.replaceChildren(el("p.form-error", { role: "alert" }, message(err)));
    } finally {
      go.disabled = false;
    }
  }

  function render(r, q) {
    charts.splice(0).forEach((c) => c.destroy());
    const exp = (format) => {
      const p = new URLSearchParams(q);
      p.set("format", format);
      p.set("lang", lang());
      return "/api/v1/reports?" + p.toString();
    };
    const unit = r.site ? name({ name: r.site_name, name_en: r.site_name_en }) : t("province");
    const period = r.from === r.to ? date(r.from) : t("period_fmt", { from: date(r.from), to: date(r.to) });
    const tot = r.total;
    const canvasA = el("canvas#chart-arrivals", { role: "img", "aria-label": t("arrivals") });
    const canvasW = el("canvas#chart-waits", { role: "img", "aria-label": t("waits") });
    out.replaceChildren(
      el("div.report-head", {}, el("h2", {}, t("report_for", { site: unit, period })),
        el("span.badge", {}, t("by_" + r.by)),
        el("div.exports", {},
          el("a.btn.secondary#x-csv", { href: exp("csv"), download: "" }, t("export_csv")),
          el("a.btn.secondary#x-xlsx", { href: exp("xlsx"), download: "" }, t("export_xlsx")),
          el("a.btn#x-pdf", { href: exp("pdf"), download: "" }, t("export_pdf")))),
      el("div.kpis", {},
        kpi(t("issued"), num(tot.issued)), kpi(t("served"), num(tot.served)), kpi(t("no_show"), num(tot.no_show)),
        kpi(t("wait_avg"), tot.waited ? `${num(tot.wait_avg_min)} ${t("minutes")}` : t("none")),
        kpi(t("wait_p90"), tot.waited ? `${num(tot.wait_p90_min)} ${t("minutes")}` : t("none")),
        kpi(t("satisfaction"), tot.rated ? `${num(tot.satisfaction_pct)}%` : t("none_yet"))),
      el("div.charts", {},
        el("section.chart.card", {}, el("h3", {}, t("arrivals")), el("div", { style: "position:relative;min-height:0" }, canvasA)),
        el("section.chart.card", {}, el("h3", {}, t("waits")), el("div", { style: "position:relative;min-height:0" }, canvasW))),
      el("section.panel.card", {}, table(r)),
      el("p.note", {}, t("report_note")),
    );
    if (window.Chart) {
      window.Chart.defaults.font.family = '"Be Vietnam Pro", sans-serif';
      window.Chart.defaults.color = "#5b6675";
      charts.push(bar(canvasA, r.arrivals_by_hour.map((h) => String(h.hour).padStart(2, "0") + ":00"), r.arrivals_by_hour.map((h) => h.issued), t("issued")));
      charts.push(bar(canvasW, r.wait_distribution.map(bucket), r.wait_distribution.map((b) => b.tickets), t("tickets")));
    }
  }

  function table(r) {
    const levels = r.levels || [];
    const head = el("tr", {}, el("th", {}, t("by_" + r.by)), ...["issued", "served", "no_show", "wait_avg", "wait_p90", "service_avg"]
      .map((k) => el("th.n", {}, t(k) + (k.startsWith("wait") || k === "service_avg" ? ` (${t("min_short")})` : ""))),
    ...levels.map((l) => el("th.n", {}, name(l))), el("th.n", {}, t("satisfaction") + " (%)"));
    const line = (row, total) => el(`tr${total ? ".total" : ""}`, { dataset: { key: row.key } },
      el("td", {}, total ? t("total") : rowName(row, r.by)),
      el("td.n", {}, num(row.issued)), el("td.n", {}, num(row.served)), el("td.n", {}, num(row.no_show)),
      el("td.n", {}, row.waited ? num(row.wait_avg_min) : t("none")), el("td.n", {}, row.waited ? num(row.wait_p90_min) : t("none")),
      el("td.n", {}, row.served ? num(row.service_avg_min) : t("none")),
      ...levels.map((l) => el("td.n", {}, num(row.ratings[l.id] || 0))),
      el("td.n", {}, row.rated ? num(row.satisfaction_pct) : t("none")));
    return el("div.table-wrap", {}, el("table.data#report-table", {}, el("thead", {}, head),
      el("tbody", {}, r.rows.length ? r.rows.map((row) => line(row, false)) : el("tr", {}, el("td.muted", { colspan: 8 + levels.length }, t("no_rows"))),
        line(r.total, true))));
  }

  function rowName(row, by) {
    if (!row.key) return t("never_called");
    if (by === "day") return date(row.key);
    return lang() === "en" && row.name_en ? row.name_en : (row.name || row.key);
  }

  run();
  return () => charts.forEach((c) => c.destroy());
}

function bar(canvas, labels, data, label) {
  return new window.Chart(canvas, {
    type: "bar",
    data: { labels, datasets: [{ label, data, backgroundColor: "#1456b8", borderRadius: 5, maxBarThickness: 46 }] },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false } } },
    },
  });
}

function bucket(b) {
  if (b.from_min === 0) return "≤ " + b.to_min;
  if (!b.to_min) return "> " + b.from_min;
  return `${b.from_min + 1}–${b.to_min}`;
}

function kpi(label, value) {
  return el("div.kpi.card", {}, el("span.kpi-label", {}, label), el("b.kpi-value", {}, value));
}

function labelled(label, control) {
  return el("label.field", {}, el("span", {}, label), control);
}

/** visibleSites are the sites the user may report on and manage: those they oversee. */
export function visibleSites(ctx) {
  return overseen(ctx.user, ctx.sites);
}

function depthOf(s, sites) {
  const byId = Object.fromEntries(sites.map((x) => [x.id, x]));
  let d = 0;
  for (let p = byId[s.parent]; p && d < 10; p = byId[p.parent]) d++;
  return d;
}

function shift(day, days) {
  const [y, m, d] = day.split("-").map(Number);
  return iso(new Date(y, m - 1, d + days));
}

function lastMonth(day) {
  const [y, m] = day.split("-").map(Number);
  return [iso(new Date(y, m - 2, 1)), iso(new Date(y, m - 1, 0))];
}
