// The citizen's booking page (/book/): a site (searched by name, grouped by branch, with
// today's waits), a service, then today's number now or a slot of a coming day; the phone
// and its one-time code; the result with its QR code and tracking link. /book/?b=<id> shows
// a booking again, with "cancel".
import { api } from "/assets/js/api.js";
import { setup, t, toggle, onChange, name } from "/assets/js/i18n.js";
import { $, el } from "/assets/js/dom.js";
import { dict } from "./strings.js";

const STEPS = ["site", "service", "how", "slot", "phone", "done"];
const state = { sites: [], details: new Map(), site: null, service: null, mode: "", slots: null, day: 0, slot: null,
  phone: "", history: [], booking: null };

setup(dict);

/** plain folds Vietnamese letters to ASCII for the search: "Thủ Dầu Một" ~ "thu dau mot". */
function plain(s) {
  return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function show(step, push = true) {
  const current = STEPS.find((s) => !$("step-" + s).classList.contains("hidden"));
  if (push && current && current !== step) state.history.push(current);
  for (const s of STEPS) $("step-" + s).classList.toggle("hidden", s !== step);
  $("crumbs").classList.toggle("hidden", step === "site" || step === "done");
  $("where").textContent = [state.site && name(state.site), state.service && name(state.service)].filter(Boolean).join(" · ");
  error("");
  window.scrollTo(0, 0);
}

function error(text) {
  $("error").textContent = text;
  $("error").classList.toggle("hidden", !text);
}

function fail(e) {
  error(e && e.message ? e.message : t("err.down"));
}

function button(cls, html, onclick) {
  return el("button", { type: "button", class: cls, onclick }, ...html);
}

// ---- sites -------------------------------------------------------------------------------

/** ordered lists the centre, then each branch followed by its points: the province's tree. */
function ordered(sites) {
  const kids = new Map();
  for (const s of sites) {
    if (!kids.has(s.parent || "")) kids.set(s.parent || "", []);
    kids.get(s.parent || "").push(s);
  }
  const out = [];
  const walk = (id, depth) => {
    for (const s of kids.get(id) || []) {
      out.push({ site: s, depth });
      if (depth < 8) walk(s.id, depth + 1);
    }
  };
  walk("", 0);
  return out;
}

async function detail(id) {
  if (!state.details.has(id)) state.details.set(id, api(`/sites/${encodeURIComponent(id)}`).catch(() => null));
  return state.details.get(id);
}

function renderSites() {
  const words = plain($("search").value).split(/\s+/).filter(Boolean);
  const box = $("sites");
  box.replaceChildren();
  // every word typed, in any order, in the Vietnamese or the English name
  const matches = (site) => [plain(site.name), plain(site.name_en)].some((n) => words.every((w) => n.includes(w)));
  const list = ordered(state.sites).filter(({ site }) => matches(site));
  if (!list.length) box.append(el("p.muted", {}, t("site.none")));
  let shown = 0;
  for (const { site } of list) {
    if (site.kind === "branch" || (site.kind === "centre" && shown > 0)) box.append(el("div.group", {}, name(site)));
    const wait = el("span.wait", {}, "");
    const label = el("span", {}, name(site));
    const b = button("item " + site.kind, [label, wait], () => chooseSite(site));
    b.dataset.site = site.id;
    box.append(b);
    if (shown++ < 24) {
      detail(site.id).then((d) => {
        if (!d) return;
        const n = (d.services || []).reduce((a, s) => a + (s.waiting || 0), 0);
        wait.replaceChildren(el("strong", {}, d.open_now ? String(n) : "–"), document.createTextNode(d.open_now ? t("site.waiting") : t("site.closed")));
      });
    }
  }
}

async function chooseSite(site) {
  state.site = site;
  const d = await detail(site.id);
  if (!d) return fail();
  state.siteDetail = d;
  const box = $("services");
  box.replaceChildren();
  for (const s of d.services) {
    const svc = { ...s, ...(state.config.services.find((c) => c.id === s.id) || {}) };
    const info = el("small", {}, t("service.wait", { n: s.waiting, m: s.estimated_wait_min }));
    const label = el("span", {}, name(svc));
    label.append(info);
    const b = button("item", [label, el("span.wait", {}, svc.prefix)], () => chooseService(svc));
    b.dataset.service = s.id;
    box.append(b);
  }
  show("service");
}

// ---- service, number or slot -------------------------------------------------------------

async function chooseService(svc) {
  state.service = svc;
  $("how-service").textContent = name(svc);
  try {
    state.slots = await api(`/sites/${encodeURIComponent(state.site.id)}/slots?service=${encodeURIComponent(svc.id)}`);
  } catch (e) {
    return fail(e);
  }
  const r = state.slots.rules;
  $("take").disabled = !r.online_now;
  $("take-note").textContent = r.online_now ? t("how.takeNote", { n: svc.waiting }) : t("how.takeClosed", { hours: r.online_hours.join(", ") });
  const free = state.slots.days.some((d) => d.slots.some((s) => s.left > 0));
  $("bookslot").disabled = !free;
  show("how");
}

function renderSlots() {
  const days = state.slots.days.filter((d) => d.slots.some((s) => s.left > 0));
  $("no-slots").classList.toggle("hidden", days.length > 0);
  const tabs = $("days");
  tabs.replaceChildren();
  days.forEach((d, i) => {
    const date = new Date(d.date + "T00:00:00");
    const wd = date.toLocaleDateString(document.documentElement.lang === "en" ? "en-GB" : "vi-VN", { weekday: "short" });
    const b = button("day", [el("div", {}, wd), el("div", {}, d.date.slice(8) + "/" + d.date.slice(5, 7))], () => {
      state.day = i;
      renderSlots();
    });
    b.setAttribute("role", "tab");
    b.setAttribute("aria-selected", String(i === state.day));
    b.dataset.date = d.date;
    tabs.append(b);
  });
  const box = $("slots");
  box.replaceChildren();
  const day = days[state.day] || days[0];
  if (!day) return;
  for (const s of day.slots) {
    const b = button("slot", [document.createTextNode(s.start), el("small", {}, s.left > 0 ? t("slot.left", { n: s.left }) : t("slot.full"))], () => {
      state.slot = { date: day.date, ...s };
      askPhone("book");
    });
    b.disabled = s.left <= 0;
    b.dataset.start = s.start;
    box.append(b);
  }
}

// ---- phone and code ----------------------------------------------------------------------

function askPhone(mode) {
  state.mode = mode;
  const vars = { service: name(state.service), site: name(state.site) };
  $("summary").textContent = mode === "take" ? t("sum.take", vars)
    : t("sum.book", { ...vars, start: state.slot.start, date: state.slot.date });
  $("phone-form").classList.remove("hidden");
  $("code-form").classList.add("hidden");
  show("phone");
  $("phone").focus();
}

async function sendCode(ev) {
  ev && ev.preventDefault();
  const phone = $("phone").value.replace(/[\s.-]/g, "");
  if (!/^(0|\+84)[1-9]\d{8}$/.test(phone)) return error(t("phone.bad"));
  state.phone = phone;
  $("send").disabled = true;
  try {
    await api("/otp", { method: "POST", body: { phone } });
    $("phone-form").classList.add("hidden");
    $("code-form").classList.remove("hidden");
    error("");
    $("code").value = "";
    $("code").focus();
  } catch (e) {
    fail(e);
  } finally {
    $("send").disabled = false;
  }
}

async function confirm(ev) {
  ev.preventDefault();
  const code = $("code").value.trim();
  $("confirm").disabled = true;
  try {
    const site = encodeURIComponent(state.site.id);
    if (state.mode === "take") {
      const tk = await api(`/sites/${site}/tickets`, { method: "POST",
        body: { service: state.service.id, channel: "online", phone: state.phone, code } });
      showNumber(tk);
    } else {
      const bk = await api(`/sites/${site}/bookings`, { method: "POST",
        body: { service: state.service.id, date: state.slot.date, start: state.slot.start, phone: state.phone, code } });
      history.replaceState(null, "", "/book/?b=" + encodeURIComponent(bk.id));
      showBooking(bk);
    }
  } catch (e) {
    fail(e);
  } finally {
    $("confirm").disabled = false;
  }
}

// ---- results -----------------------------------------------------------------------------

function showNumber(tk) {
  $("result").dataset.status = tk.status;
  $("result-label").textContent = t("done.number");
  $("result-big").textContent = tk.number;
  $("result-service").textContent = name(state.service);
  $("result-when").textContent = name(state.site);
  $("result-qr").src = `/api/v1/tickets/${encodeURIComponent(tk.id)}/qr.svg`;
  $("result-note").textContent = t("done.numberNote", { n: tk.ahead ?? 0 });
  $("result-link").textContent = t("done.track");
  $("result-link").href = "/t/" + encodeURIComponent(tk.id);
  $("cancel").classList.add("hidden");
  show("done");
}

async function showBooking(bk) {
  state.booking = bk;
  if (!state.config) state.config = await api("/config");
  if (!state.slots || state.slots.service !== bk.service) {
    state.slots = await api(`/sites/${encodeURIComponent(bk.site)}/slots?service=${encodeURIComponent(bk.service)}&from=2000-01-01&to=2000-01-01`).catch(() => null);
  }
  const svc = state.config.services.find((s) => s.id === bk.service) || { name: bk.service };
  const site = state.sites.find((s) => s.id === bk.site) || { name: bk.site };
  const r = (state.slots && state.slots.rules) || { checkin_early_min: 30, grace_min: 15 };
  $("result").dataset.status = bk.status;
  $("result-label").textContent = t("done.code") + " · " + t("st." + bk.status);
  $("result-big").textContent = bk.code;
  $("result-service").textContent = name(svc) + " — " + name(site);
  $("result-when").textContent = t("done.when", { start: bk.start, end: bk.end, date: bk.date.split("-").reverse().join("/") });
  $("result-qr").src = `/api/v1/bookings/${encodeURIComponent(bk.id)}/qr.svg`;
  $("result-qr").classList.toggle("hidden", bk.status !== "booked");
  $("result-note").textContent = bk.status === "booked" ? t("done.codeNote", { early: r.checkin_early_min, grace: r.grace_min }) : "";
  $("result-link").textContent = bk.ticket ? t("done.track") : t("done.link");
  $("result-link").href = bk.ticket ? "/t/" + encodeURIComponent(bk.ticket) : "/book/?b=" + encodeURIComponent(bk.id);
  $("cancel").classList.toggle("hidden", bk.status !== "booked");
  show("done", false);
}

async function cancel() {
  if (!window.confirm(t("cancel.ask"))) return;
  try {
    await api(`/bookings/${encodeURIComponent(state.booking.id)}`, { method: "DELETE" });
    showBooking(await api(`/bookings/${encodeURIComponent(state.booking.id)}`));
  } catch (e) {
    fail(e);
  }
}

// ---- wiring ------------------------------------------------------------------------------

$("lang").addEventListener("click", toggle);
$("search").addEventListener("input", renderSites);
$("back").addEventListener("click", () => show(state.history.pop() || "site", false));
$("take").addEventListener("click", () => askPhone("take"));
$("bookslot").addEventListener("click", () => {
  state.day = 0;
  renderSlots();
  show("slot");
});
$("phone-form").addEventListener("submit", sendCode);
$("code-form").addEventListener("submit", confirm);
$("resend").addEventListener("click", () => sendCode());
$("cancel").addEventListener("click", cancel);
onChange(() => {
  renderSites();
  if (state.booking && !$("step-done").classList.contains("hidden")) showBooking(state.booking);
});

async function start() {
  try {
    [state.sites, state.config] = await Promise.all([api("/sites"), api("/config")]);
  } catch (e) {
    return fail(e);
  }
  renderSites();
  const b = new URLSearchParams(location.search).get("b");
  if (b) {
    try {
      await showBooking(await api(`/bookings/${encodeURIComponent(b)}`));
    } catch (e) {
      error(e.status === 404 ? t("err.notfound") : t("err.down"));
    }
  }
}
start();
