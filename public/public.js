// The transparency page: the province's figures and every site's, grouped by branch, with a
// search for one's own commune; refreshed every minute. No login.
import { api, lang } from "/assets/js/api.js";
import { bilingual, setup, t, toggle, onChange, name } from "/assets/js/i18n.js";
import { hhmm } from "/assets/js/time.js";
import { el } from "/assets/js/dom.js";

const dict = bilingual({
  title: ["Công khai kết quả phục vụ người dân", "How citizens are served, in figures"],
  lang: ["English", "Tiếng Việt"],
  loading: ["Đang tải số liệu…", "Loading the figures…"],
  lead: ["Số người đang chờ, thời gian chờ trung bình và mức độ hài lòng tại từng điểm phục vụ, cập nhật liên tục.", "People waiting, the average wait and satisfaction at every service site, updated continuously."],
  search: ["Tìm điểm phục vụ", "Find a site"],
  search_ph: ["Tìm phường, xã, chi nhánh…", "Find a ward, commune, branch…"],
  waiting: ["Đang chờ", "Waiting"],
  wait_today: ["Chờ TB hôm nay", "Avg wait today"],
  wait_month: ["Chờ TB tháng này", "Avg wait this month"],
  satisfaction: ["Hài lòng (tháng)", "Satisfied (month)"],
  served_today: ["Đã phục vụ hôm nay", "Served today"],
  issued_today: ["Số đã phát hôm nay", "Tickets today"],
  minutes: ["phút", "min"],
  none: ["—", "—"],
  open: ["Đang làm việc", "Open now"],
  closed: ["Ngoài giờ", "Closed now"],
  updated: ["Cập nhật lúc {at}", "Updated at {at}"],
  no_match: ["Không tìm thấy điểm phục vụ phù hợp.", "No site matches."],
  ratings: ["{n} lượt đánh giá", "{n} ratings"],
  error: ["Chưa tải được số liệu. Trang sẽ tự thử lại sau ít phút.", "The figures could not be loaded. The page will try again in a few minutes."],
  stale: ["Đang hiển thị số liệu lúc {at}; trang sẽ tự cập nhật khi có kết nối.", "Showing the figures of {at}; the page updates itself once connected."],
  notes: ["Thời gian chờ: từ lúc lấy số đến khi được mời lên quầy. Hài lòng: tỷ lệ đánh giá «Rất hài lòng» và «Hài lòng» trên tổng số lượt đánh giá tại quầy. Số liệu tháng tính từ ngày 1 đến hôm nay.", "Wait: from taking a ticket to being called to a counter. Satisfied: the share of «Very satisfied» and «Satisfied» ratings given at the counters. Monthly figures run from the 1st to today."],
  province: ["Toàn tỉnh", "Whole province"],
  people: ["người", "people"],
});

let data = null;

function num(x) {
  return new Intl.NumberFormat(lang() === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1 }).format(x);
}

const minutes = (f) => (f.waited ? `${num(f.wait_avg_min)} ${t("minutes")}` : t("none"));
const pct = (f) => (f.rated ? `${num(f.satisfaction_pct)}%` : t("none"));
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

function render() {
  if (!data) return;
  document.getElementById("org").textContent = name(data);
  const tot = document.getElementById("totals");
  tot.replaceChildren(
    stat(t("issued_today"), num(data.today.issued)),
    stat(t("served_today"), num(data.today.served)),
    stat(t("wait_today"), minutes(data.today)),
    stat(t("wait_month"), minutes(data.this_month)),
    stat(t("satisfaction"), pct(data.this_month)),
  );
  const at = hhmm(new Date(data.at), data.timezone);
  document.getElementById("updated").textContent = t("updated", { at });
  const q = fold(document.getElementById("q").value.trim());
  const sites = data.sites;
  const ids = new Set(sites.map((s) => s.id));
  const kids = (id) => sites.filter((s) => s.parent === id && s.id !== id);
  const groups = [];
  for (const top of sites.filter((s) => !ids.has(s.parent))) {
    const branches = kids(top.id).filter((b) => kids(b.id).length);
    groups.push({ head: top, items: kids(top.id).filter((b) => !kids(b.id).length) });
    for (const b of branches) groups.push({ head: b, items: kids(b.id) });
  }
  const box = document.getElementById("sites");
  const out = [];
  for (const g of groups) {
    const match = (s) => !q || fold(s.name + " " + (s.name_en || "")).includes(q);
    const items = [g.head, ...g.items].filter(match);
    if (!items.length) continue;
    out.push(el("section.group", {}, el("h2", {}, name(g.head)), el("div.cards", {}, items.map(card))));
  }
  box.replaceChildren(...(out.length ? out : [el("p.muted", {}, t("no_match"))]));
}

function stat(label, value) {
  return el("div.stat", {}, el("span", {}, label), el("b", {}, value));
}

function card(s) {
  const c = el("article", { class: "site" + (s.waiting > 0 ? "" : " calm") },
    el("header", {}, el("h3", {}, name(s)), el("span", { class: s.open_now ? "state open" : "state" }, s.open_now ? t("open") : t("closed"))),
    el("div.figs", {},
      el("div.fig.big", {}, el("b", {}, num(s.waiting)), el("span", {}, t("waiting"))),
      el("div.fig", {}, el("b", {}, minutes(s.today)), el("span", {}, t("wait_today"))),
      el("div.fig", {}, el("b", {}, minutes(s.month)), el("span", {}, t("wait_month"))),
      el("div.fig", {}, el("b", {}, pct(s.month)), el("span", {}, t("satisfaction")))));
  c.title = s.month.rated ? t("ratings", { n: num(s.month.rated) }) : "";
  c.dataset.site = s.id;
  return c;
}

async function load() {
  const err = document.getElementById("error");
  try {
    data = await api("/public/sites");
    err.classList.add("hidden");
    render();
  } catch (e) {
    err.textContent = data ? t("stale", { at: hhmm(new Date(data.at), data.timezone, true) }) : t("error");
    err.classList.remove("hidden");
    if (!data) document.getElementById("sites").replaceChildren();
  }
}

setup(dict);
document.getElementById("lang").onclick = () => toggle();
onChange(render);
document.getElementById("q").oninput = render;
load();
setInterval(load, 60000);
