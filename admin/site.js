// A site's detail: its counters and queues as the hall display sees them, plus its officers
// and today's figures, live from the site's staff feed; a supervisor of the site manages its
// counters for the day (open for an officer, services today, close).
import { api, ApiError } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { connectStaff } from "/assets/js/live.js";
import { el } from "/assets/js/dom.js";
import { num, message, toast, dialog, confirmDanger, field, paint } from "./util.js";
import { visibleSites } from "./reports.js";

export function show(root, ctx, id) {
  let timer = 0;
  let closed = false;
  let data = null;
  const body = el("div.site");
  root.append(el("a.back", { href: "#/board" }, t("back_board")), body);

  async function load() {
    try {
      data = await api("/admin/sites/" + encodeURIComponent(id));
      if (!closed) render();
    } catch (err) {
      if (!closed) body.replaceChildren(el("section.card.notice", {}, el("p", {}, message(err)),
        el("button.btn", { type: "button", onclick: load }, t("retry"))));
    }
  }
  // events come in bursts (a call finishes one ticket and calls another): read once per burst
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(load, 300);
  };
  const feed = connectStaff(id, { onSnapshot: soon, onEvent: soon, onStatus: (on) => !closed && ctx.setLive(on) });
  load();

  function render() {
    const s = data.site;
    const b = data.board;
    const today = data.today;
    const supervises = visibleSites(ctx).some((x) => x.id === s.id);
    const services = Object.fromEntries((ctx.config.services || []).map((x) => [x.id, x]));
    const svcName = (sid) => (services[sid] ? name(services[sid]) : sid);
    const kindName = t(s.kind === "centre" ? "centre" : s.kind);
    const parent = ctx.sites.find((x) => x.id === s.parent);
    paint(body,
      el("div.view-head", {},
        el("h1", {}, name(s)), el("span.badge", {}, kindName),
        parent ? el("a.back", { href: "#/site/" + encodeURIComponent(parent.id) }, "↑ " + name(parent)) : null,
        el("span.spacer"), el("span.muted", {}, t("target", { n: b.wait_target_min }))),
      b.alert ? el(`div.alert-bar.${b.alert}`, { role: "alert" }, b.alert === "wait"
        ? t("alert_wait", { n: b.longest_wait_min, target: b.wait_target_min })
        : t("alert_unserved", { services: (b.unserved || []).map(svcName).join(", ") })) : null,
      el("div.kpis", {},
        kpi(t("waiting"), num(b.waiting)),
        kpi(t("longest"), b.waiting ? `${num(b.longest_wait_min)} ${t("minutes")}` : t("none"), b.alert === "wait"),
        kpi(t("issued_today"), num(today.total.issued)),
        kpi(t("served_today"), num(today.total.served)),
        kpi(t("wait_avg_today"), today.total.waited ? `${num(today.total.wait_avg_min)} ${t("minutes")}` : t("none")),
        kpi(t("satisfaction"), today.total.rated ? `${num(today.total.satisfaction_pct)}%` : t("none_yet"))),
      el("div.cols", {},
        el("section.panel.card", {}, el("h2", {}, t("counters")),
          el("div.counters", {}, s.counters.map((c) => counterTile(c, svcName, supervises)))),
        el("div", { style: "display:grid;gap:16px" },
          el("section.panel.card", {},
            el("div.panel-head", {}, el("h2", {}, t("queues")),
              el("button.btn.danger.small", { type: "button", onclick: () => cancelWaiting(svcName) }, t("cancel_waiting"))),
            queues(s, svcName)),
          el("section.panel.card", {}, el("h2", {}, t("officers_today")), officers(today.officer)))),
    );
  }

  function queues(s, svcName) {
    const oldest = data.oldest || {};
    const now = new Date(data.at);
    const rows = s.services.map((q) => {
      const since = oldest[q.id] ? Math.floor((now - new Date(oldest[q.id])) / 60000) : null;
      const late = since !== null && since > data.board.wait_target_min;
      return el(`tr${late ? ".late" : ""}`, {},
        el("td", {}, `${q.prefix} · ${svcName(q.id)}`),
        el("td.n", {}, num(q.waiting)),
        el("td.n.wait", {}, since === null ? t("none") : `${num(since)} ${t("min_short")}`),
        el("td.n", {}, q.waiting ? `${num(q.estimated_wait_min)} ${t("min_short")}` : t("none")),
        el("td.n", {}, num(q.issued_today)));
    });
    return el("div.table-wrap", {}, el("table.data", {},
      el("thead", {}, el("tr", {}, el("th", {}, t("service")), el("th.n", {}, t("waiting")), el("th.n", {}, t("longest")),
        el("th.n", {}, t("est_wait")), el("th.n", {}, t("issued")))),
      el("tbody", {}, rows)));
  }

  function officers(rows) {
    const list = (rows || []).filter((r) => r.key);
    if (!list.length) return el("p.muted", {}, t("none_yet"));
    return el("div.table-wrap", {}, el("table.data", {},
      el("thead", {}, el("tr", {}, el("th", {}, t("officer")), el("th.n", {}, t("served")), el("th.n", {}, t("wait_avg")),
        el("th.n", {}, t("service_avg")), el("th.n", {}, t("satisfaction")))),
      el("tbody", {}, list.map((r) => el("tr", {},
        el("td", {}, r.name || r.key), el("td.n", {}, num(r.served)),
        el("td.n", {}, r.waited ? `${num(r.wait_avg_min)} ${t("min_short")}` : t("none")),
        el("td.n", {}, r.served ? `${num(r.service_avg_min)} ${t("min_short")}` : t("none")),
        el("td.n", {}, r.rated ? `${num(r.satisfaction_pct)}%` : t("none")))))));
  }

  function counterTile(c, svcName, supervises) {
    const actions = [];
    if (supervises) {
      if (c.state === "closed") actions.push(el("button.btn.secondary", { type: "button", onclick: () => openFor(c, svcName) }, t("open_for")));
      else {
        actions.push(el("button.btn.secondary", { type: "button", title: t("change_services"), onclick: () => servicesToday(c, svcName) }, t("services")));
        actions.push(el("button.btn.danger", { type: "button", onclick: () => closeCounter(c) }, t("close_counter")));
      }
    }
    return el(`div.ctr.${c.state}`, { dataset: { counter: c.id } },
      el("div.ctr-head", {}, el("span.ctr-no", {}, name(c)), el("span.ctr-state", {}, t("state_" + c.state))),
      c.ticket ? el("div.ctr-ticket", {}, c.ticket.number) : el("div.ctr-ticket.none", {}, c.state === "closed" ? t("none") : t("no_ticket")),
      el("div.ctr-officer", {}, c.officer ? (c.officer_name || c.officer) : t("none")),
      el("div.ctr-services", {}, (c.services || []).map(svcName).join(" · ")),
      actions.length ? el("div.ctr-actions", {}, actions) : null);
  }

  function serviceChecks(selected) {
    const offered = data.site.services;
    return el("div.checks", {}, offered.map((q) => el("label", {},
      el("input", { type: "checkbox", value: q.id, checked: selected.includes(q.id) }), q.prefix + " · " + name(q))));
  }
  const checked = (box) => [...box.querySelectorAll("input:checked")].map((i) => i.value);
  const post = (c, body) => api(`/admin/sites/${encodeURIComponent(id)}/counters/${encodeURIComponent(c.id)}`, { method: "POST", body });

  async function openFor(c) {
    const user = el("input", { autocomplete: "off", placeholder: "vd. nguyenvana" });
    const checks = serviceChecks(c.services || []);
    const ok = await dialog(`${t("open_for")} — ${name(c)}`, el("div", { style: "display:grid;gap:12px" },
      field(t("officer_username"), user), field(t("services_today"), checks)), [{
      label: t("open_for"), action: async () => {
        const officer = user.value.trim().toLowerCase();
        if (!officer) throw new Error(t("need_officer"));
        const services = checked(checks);
        if (!services.length) throw new Error(t("pick_one_service"));
        try {
          await post(c, { state: "open", officer, services });
        } catch (err) {
          // say what to check, not just that the request was refused
          if (err instanceof ApiError && err.status === 400) throw new Error(t("officer_not_here", { officer }));
          if (err instanceof ApiError && err.status === 409) throw new Error(t("officer_busy_elsewhere", { officer }));
          throw err;
        }
      },
    }]);
    if (ok) done(c);
  }

  async function servicesToday(c) {
    const checks = serviceChecks(c.services || []);
    const ok = await dialog(`${t("change_services")} — ${name(c)}`, field(t("services_today"), checks), [{
      label: t("save"), action: async () => {
        const services = checked(checks);
        if (!services.length) throw new Error(t("pick_one_service"));
        await post(c, { services });
      },
    }]);
    if (ok) done(c);
  }

  async function closeCounter(c) {
    const ok = await confirmDanger(t("close_counter"), t("confirm_close", { counter: name(c) }), () => post(c, { state: "closed" }));
    if (ok) done(c);
  }

  // cancelWaiting cancels, after a confirmation, the waiting tickets of the site or of one
  // service (the hall closing early, a service stopped for the day); each is recorded.
  async function cancelWaiting(svcName) {
    const services = data.site.services;
    const pick = el("select", {},
      el("option", { value: "" }, t("all_services", { n: num(services.reduce((n, q) => n + q.waiting, 0)) })),
      services.map((q) => el("option", { value: q.id }, `${q.prefix} · ${svcName(q.id)} (${num(q.waiting)})`)));
    const ok = await dialog(t("cancel_waiting"), el("div.stack", {},
      field(t("service"), pick), el("p.warn-text", {}, t("confirm_cancel"))), [{
      label: t("cancel_waiting_do"), kind: "danger", action: async () => {
        const res = await api(`/admin/sites/${encodeURIComponent(id)}/cancel-waiting`, { method: "POST", body: { service: pick.value } });
        return res.cancelled;
      },
    }]);
    if (ok === null) return;
    toast(t("cancelled_n", { n: num(ok === true ? 0 : ok) }));
    load();
  }

  function done(c) {
    toast(t("counter_saved", { counter: name(c) }));
    load();
  }

  return () => {
    closed = true;
    clearTimeout(timer);
    feed.close();
  };
}

function kpi(label, value, alert) {
  return el(`div.kpi.card${alert ? ".kpi-alert" : ""}`, {}, el("span.kpi-label", {}, label), el("b.kpi-value", {}, value));
}
