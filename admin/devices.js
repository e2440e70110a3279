// Devices: register a kiosk, a hall display or a rating panel of a site — the device pairs by
// the 6-digit code shown here (typed on its pairing screen within 10 minutes), or by opening
// the pairing address once — show a new code for a device, and revoke one.
import { api } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { el } from "/assets/js/dom.js";
import { message, toast, dialog, confirmDanger, failed, siteName, field, date } from "./util.js";
import { visibleSites } from "./reports.js";
import { hhmm } from "/assets/js/time.js";

const PAGES = { kiosk: "kiosk", display: "display", rating: "rate" };

export function show(root, ctx) {
  const list = el("section.panel.card", {}, el("p.muted", {}, t("loading")));
  const sites = visibleSites(ctx);
  root.append(el("div.view-head", {}, el("h1", {}, t("devices_title")), el("span.spacer"),
    sites.length ? el("button.btn#add-device", { type: "button", onclick: add }, "+ " + t("add_device")) : null), list);

  async function load() {
    try {
      const devices = await api("/admin/devices");
      if (!devices.length) {
        list.replaceChildren(el("p.muted", {}, t("no_devices")));
        return;
      }
      devices.sort((a, b) => (a.site + a.kind + a.name).localeCompare(b.site + b.kind + b.name));
      list.replaceChildren(el("div.table-wrap", {}, el("table.data#devices", {},
        el("thead", {}, el("tr", {}, ...["name", "kind", "sites", "counter", "created"].map((k) => el("th", {}, t(k))), el("th"))),
        el("tbody", {}, devices.map((d) => el("tr", { dataset: { device: d.id } },
          el("td", {}, el("b", {}, d.name)), el("td", {}, t("kind_" + d.kind)), el("td", {}, siteName(ctx, d.site)),
          el("td", {}, d.counter || t("none")), el("td", {}, d.created_at ? date(d.created_at.slice(0, 10)) : t("none")),
          el("td", {}, el("div.row-actions", {},
            el("button.btn.secondary.new-code", { type: "button", onclick: () => newCode(d) }, t("new_code")),
            el("button.btn.danger", { type: "button", onclick: () => revoke(d) }, t("revoke"))))))))));
    } catch (err) {
      failed(list, err, load);
    }
  }

  async function add() {
    const site = el("select#d-site", {}, sites.map((s) => el("option", { value: s.id }, name(s))));
    const kind = el("select#d-kind", {}, ["kiosk", "display", "rating"].map((k) => el("option", { value: k }, t("kind_" + k))));
    const counter = el("select#d-counter");
    const counterField = field(t("counter"), counter);
    const nameInput = el("input#d-name", { autocomplete: "off" });
    let asked = 0; // the latest choice of site and kind: an earlier answer arriving late is dropped
    async function counters() {
      const mine = ++asked;
      counterField.classList.toggle("hidden", kind.value !== "rating");
      if (kind.value !== "rating") return;
      try {
        const s = await api("/sites/" + encodeURIComponent(site.value));
        if (mine !== asked) return;
        const keep = counter.value;
        counter.replaceChildren(...s.counters.map((c) => el("option", { value: c.id }, name(c))));
        if (s.counters.some((c) => c.id === keep)) counter.value = keep;
      } catch (err) {
        if (mine === asked) counter.replaceChildren();
      }
    }
    site.onchange = counters;
    kind.onchange = counters;
    counters();
    const res = await dialog(t("add_device"), el("div", { style: "display:grid;gap:12px" },
      field(t("sites"), site), field(t("kind"), kind), counterField, field(t("name"), nameInput)), [{
      label: t("add_device"), action: async () => {
        const n = nameInput.value.trim();
        if (!n || n.length > 100) throw new Error(t("need_device_name"));
        if (kind.value === "rating" && !counter.value) throw new Error(t("need_counter"));
        return api("/admin/devices", { method: "POST", body: { site: site.value, kind: kind.value, counter: kind.value === "rating" ? counter.value : "", name: n } });
      },
    }]);
    if (!res) return;
    load();
    const url = `${pageURL(res.device)}#pair=${res.token}`;
    const copy = el("button.btn.secondary", { type: "button", onclick: async () => {
      try {
        await navigator.clipboard.writeText(url);
        copy.textContent = t("copied");
      } catch (e) { /* the text is selectable */ }
    } }, t("copy"));
    await dialog(res.device.name, el("div.pairing", {},
      codeBlock(res.device, res.pair_code),
      el("p", {}, t("pair_url")), el("div.token#pair-url", {}, url), copy), []);
  }

  /** pageURL is the address of the device's page, where its pairing screen takes the code. */
  function pageURL(d) {
    const base = (ctx.config.public_url || location.origin).replace(/\/$/, "");
    return `${base}/${PAGES[d.kind]}/`;
  }

  /** codeBlock shows a pairing code large, read in two groups of three, with where to type it
   * and until when. */
  function codeBlock(d, code) {
    const until = hhmm(new Date(code.expires_at), ctx.config.timezone);
    return el("div.pair-code-block", {},
      el("p", {}, t("pair_code_how", { page: pageURL(d) })),
      el("div.pair-code#pair-code", { "aria-label": t("pair_code") }, code.code.slice(0, 3) + " " + code.code.slice(3)),
      el("p.muted", {}, t("pair_code_until", { time: until })));
  }

  async function newCode(d) {
    try {
      const code = await api(`/admin/devices/${encodeURIComponent(d.id)}/pair-code`, { method: "POST" });
      await dialog(d.name, el("div.pairing", {}, codeBlock(d, code), el("p.muted", {}, t("pair_code_replaces"))), []);
    } catch (err) {
      toast(message(err), "error");
    }
  }

  async function revoke(d) {
    const ok = await confirmDanger(t("revoke"), t("confirm_revoke", { name: d.name }),
      () => api("/admin/devices/" + encodeURIComponent(d.id), { method: "DELETE" }));
    if (ok) {
      toast(t("device_revoked", { name: d.name }));
      load();
    }
  }

  load();
  return null;
}
