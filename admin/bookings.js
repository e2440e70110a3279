// Appointments of a site and day (phones masked), cancelling a day's appointments when the
// site must close (each citizen is told), and the site's outbox: messages queued, retrying,
// sent and failed.
import { api } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { el } from "/assets/js/dom.js";
import { toast, confirmDanger, failed, field } from "./util.js";
import { visibleSites } from "./reports.js";

export function show(root, ctx) {
  const sites = visibleSites(ctx);
  if (!sites.length) {
    root.append(el("p.muted.pad", {}, t("forbidden_page")));
    return null;
  }
  const today = String(ctx.config.now || new Date().toISOString()).slice(0, 10);
  const site = el("select#b-site", { onchange: load }, sites.map((s) => el("option", { value: s.id }, name(s))));
  const day = el("input#b-date", { type: "date", value: today, onchange: load });
  const outbox = el("section.panel.card#outbox", {});
  const list = el("section.panel.card#bookings", {}, el("p.muted", {}, t("loading")));
  root.append(el("div.view-head", {}, el("h1", {}, t("bookings_title")), el("span.spacer"),
    field(t("sites"), site), field(t("day"), day),
    el("button.btn.danger#cancel-day", { type: "button", onclick: cancelDay }, t("cancel_day"))), outbox, list);
  const svcName = (id) => {
    const s = (ctx.config.services || []).find((x) => x.id === id);
    return s ? name(s) : id;
  };

  async function load() {
    const q = encodeURIComponent(site.value);
    try {
      const [bookings, sent] = await Promise.all([
        api(`/admin/sites/${q}/bookings?date=${encodeURIComponent(day.value)}`),
        api(`/admin/sites/${q}/notifications`).catch(() => null),
      ]);
      outbox.replaceChildren(el("h2", {}, t("outbox_title")), sent ? el("div.outbox", {},
        ...["sent", "queued", "retrying", "failed"].map((k) => el(`div.stat.${k}`, { dataset: { status: k } },
          el("b", {}, String(sent[k] || 0)), el("span", {}, t("outbox_" + k))))) : el("p.muted", {}, t("none")));
      if (!bookings.length) {
        list.replaceChildren(el("p.muted", {}, t("no_bookings")));
        return;
      }
      list.replaceChildren(el("div.table-wrap", {}, el("table.data#booking-list", {},
        el("thead", {}, el("tr", {}, ...["slot", "code", "service", "phone", "status"].map((k) => el("th", {}, t("b_" + k))))),
        el("tbody", {}, bookings.map((b) => el("tr", { dataset: { booking: b.id, status: b.status } },
          el("td", {}, `${b.start}–${b.end}`), el("td", {}, el("b", {}, b.code)), el("td", {}, svcName(b.service)),
          el("td", {}, b.phone), el("td", {}, t("bs_" + b.status))))))));
    } catch (err) {
      failed(list, err, load);
    }
  }

  async function cancelDay() {
    const s = sites.find((x) => x.id === site.value);
    const ok = await confirmDanger(t("cancel_day"), t("cancel_day_confirm", { site: name(s), day: day.value }),
      () => api(`/admin/sites/${encodeURIComponent(site.value)}/bookings/cancel?date=${encodeURIComponent(day.value)}`, { method: "POST" }));
    if (ok) {
      toast(t("bookings_cancelled_n", { n: ok.cancelled }));
      load();
    }
  }

  load();
  return null;
}
