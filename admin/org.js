// The organisation in force: sites, their services, counters and hours, as the YAML file
// gives them, with how to change it and (admins) the button that reloads it.
import { api } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { el } from "/assets/js/dom.js";
import { message, toast, failed } from "./util.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export function show(root, ctx) {
  const body = el("div", {}, el("p.muted", {}, t("loading")));
  root.append(el("div.view-head", {}, el("h1", {}, t("org_title"))), body);
  const services = Object.fromEntries((ctx.config.services || []).map((s) => [s.id, s]));
  const svc = (id) => (services[id] ? `${services[id].prefix} · ${name(services[id])}` : id);

  async function load() {
    try {
      render(await api("/admin/org"));
    } catch (err) {
      failed(body, err, load);
    }
  }

  function render(org) {
    const ids = new Set(org.sites.map((s) => s.id));
    const kids = (id) => org.sites.filter((s) => s.parent === id && s.id !== id);
    const tops = org.sites.filter((s) => !ids.has(s.parent));
    const reload = el("button.btn#reload", { type: "button", onclick: async () => {
      reload.disabled = true;
      try {
        const r = await api("/admin/reload", { method: "POST" });
        toast(t("reloaded", { n: r.sites }));
        ctx.sites = await api("/sites");
        load();
      } catch (err) {
        toast(message(err), "error");
      } finally {
        reload.disabled = false;
      }
    } }, t("reload"));
    body.replaceChildren(
      el("section.explain.card", {}, el("p", {}, t("org_how")),
        el("p", {}, t("org_file") + ": ", el("code", {}, org.config || "config/binhduong.yaml")),
        org.reload ? el("div", {}, reload) : null),
      el("div.tree", {}, tops.map((s) => node(s, kids, true))));
  }

  function node(s, kids, open) {
    const children = kids(s.id);
    return el("details.card", { open: open || undefined, dataset: { site: s.id } },
      el("summary", {}, name(s), el("span.badge", {}, t(s.kind === "centre" ? "centre" : s.kind)),
        el("span.muted", {}, t("counters_n", { n: (s.counters || []).length }) + (children.length ? " · " + t("sites_n", { n: children.length }) : ""))),
      el("div.site-body", {},
        s.address ? el("div", {}, el("b", {}, t("address") + ": "), s.address) : null,
        el("div", {}, el("b", {}, t("hours") + ": "), DAYS.map((d) => `${t("days_" + d)} ${(s.hours[d] || []).join(", ") || t("closed_day")}`).join(" · ")),
        el("div", {}, el("b", {}, t("wait_target") + ": "), `${s.wait_target_min} ${t("minutes")}`),
        el("div", {}, el("b", {}, t("services") + ": "), s.services.map(svc).join(" · ")),
        s.quota ? el("div", {}, el("b", {}, t("quota") + ": "), Object.entries(s.quota).map(([k, v]) => `${svc(k)} ${v}`).join(" · ")) : null,
        el("div", {}, el("b", {}, t("counters") + ": "), (s.counters || []).map((c) => `${name(c)} (${c.services.map((x) => (services[x] ? services[x].prefix : x)).join(", ")})`).join(" · "))),
      children.length ? el("div.children", {}, children.map((c) => node(c, kids, false))) : null);
  }

  load();
  return null;
}
