// The tracking page (/t/{id}, the QR code of the ticket): the number, its status, the people
// ahead and the expected wait, live from the ticket's own feed (/ws/tickets/{id}, which sends
// its changes and its place whenever it moves); when the number is called it shows the
// counter very large and alerts; when the ticket is done it offers the rating once.
import { api } from "/assets/js/api.js";
import { connectTicket } from "/assets/js/live.js";
import { setup, t, toggle, onChange, name } from "/assets/js/i18n.js";
import { dict } from "./strings.js";
import * as notify from "./alert.js";
import { $, el } from "/assets/js/dom.js";
import { hhmm, shortDate } from "/assets/js/time.js";

const id = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const NEAR = 2; // people ahead at which the citizen is told to come close
const state = { ticket: null, site: null, config: null, live: null, timer: 0, alerted: "", announced: "", near: false, counters: new Map() };

setup(dict);

/** load reads the ticket, its site and the configuration; failures say so and retry. */
async function load() {
  try {
    const tk = await api(`/tickets/${encodeURIComponent(id)}`);
    if (!state.config) state.config = await api("/config");
    if (!state.site || state.site.id !== tk.site) {
      state.site = await api(`/sites/${encodeURIComponent(tk.site)}`);
      for (const c of state.site.counters) state.counters.set(c.id, c);
    }
    problem(null);
    apply(tk);
    if (!state.live) follow();
  } catch (e) {
    if (e.status === 404 || e.status === 400) return problem("notfound");
    problem("down");
    clearTimeout(state.timer);
    state.timer = setTimeout(load, 4000);
  }
}

/** follow listens to the ticket's own feed: it sends the ticket on every (re)connection,
 * then each change, so nothing is re-read here. */
function follow() {
  state.live = connectTicket(id, {
    onTicket: apply,
    onStatus: (up) => {
      $("live").dataset.state = up ? "on" : "off";
      $("live").textContent = t(up ? "live.on" : "live.off");
    },
  });
}

function counterNumber(cid) {
  const c = state.counters.get(cid);
  return c && c.number ? String(c.number) : cid || "";
}

/** apply shows a ticket, and alerts when it is newly called (or called again). */
function apply(tk) {
  const prev = state.ticket;
  state.ticket = tk;
  render();
  const active = tk.status === "called" || tk.status === "serving";
  const key = `${tk.counter}:${tk.recalls}`;
  const moved = prev && (prev.status !== tk.status || prev.recalls !== tk.recalls || prev.counter !== tk.counter);
  if (tk.status === "called" && moved && state.alerted !== key) {
    state.alerted = key;
    notify.alert(t("notify.called", { number: tk.number }), t("notify.calledBody", { counter: counterNumber(tk.counter) }), "luot-" + id);
  }
  if (tk.status === "called" && state.announced !== key) announce(tk, key);
  if (tk.status !== "called") {
    state.announced = "";
    $("announce").textContent = "";
  }
  if (!active && tk.status === "waiting") state.alerted = "";
  const near = tk.status === "waiting" && tk.ahead != null && tk.ahead <= NEAR;
  if (near && !state.near && prev) {
    notify.alert(t("notify.near", { number: tk.number }), t("notify.nearBody", { n: tk.ahead }), "luot-near-" + id);
  }
  state.near = near;
}

/** announce tells a screen reader, once per call, the number and the counter to go to. */
function announce(tk, key) {
  state.announced = key;
  const args = { number: tk.number, counter: counterNumber(tk.counter), n: tk.recalls + 1 };
  $("announce").textContent = t(tk.recalls > 0 ? "say.recalled" : "say.called", args);
}

function render() {
  const tk = state.ticket;
  if (!tk) return;
  const card = $("card");
  card.dataset.status = tk.status;
  document.body.dataset.status = tk.status;
  $("site").textContent = state.site ? name(state.site) : "";
  $("number").textContent = tk.number;
  const svc = state.site && state.site.services.find((s) => s.id === tk.service);
  $("service").textContent = svc ? name(svc) : tk.service;
  const n = counterNumber(tk.counter);
  $("status").textContent = t("st." + tk.status, { n });
  const called = tk.status === "called";
  $("called").classList.toggle("hidden", !called);
  $("called-counter").textContent = called ? n : "";
  const c = state.counters.get(tk.counter);
  $("called-name").textContent = called && tk.recalls > 0 ? t("called.again", { n: tk.recalls + 1 }) : (c && c.name && c.name !== `Quầy ${n}` ? name(c) : "");
  const waiting = tk.status === "waiting";
  $("waiting").classList.toggle("hidden", !waiting);
  if (waiting) {
    $("ahead").textContent = tk.ahead ?? "–";
    // a number of minutes, or words: nobody ahead, or a wait past today's opening hours
    const m = tk.estimated_wait_min;
    const words = tk.beyond_closing ? t("late") : !(m > 0) ? t("soon") : m >= 60 ? t("hourmin", { h: Math.floor(m / 60), m: m % 60 }) : "";
    $("wait").textContent = words || `~${m}`;
    $("wait").classList.toggle("words", !!words);
    $("wait-unit").classList.toggle("hidden", !!words);
  }
  // a remote number or an appointment says so, and may be postponed once while waiting
  const remote = tk.channel === "online" || tk.channel === "appointment";
  $("kind").classList.toggle("hidden", !remote);
  $("kind").textContent = remote ? t("kind." + tk.channel, { slot: tk.slot || "" }) : "";
  $("postpone").classList.toggle("hidden", !(remote && waiting && !tk.postponed));
  $("postponed").classList.toggle("hidden", !(waiting && tk.postponed));
  $("near").classList.toggle("hidden", !(waiting && tk.ahead != null && tk.ahead <= NEAR));
  $("issued").textContent = t("issued", { time: when(tk.issued_at) });
  renderRating(tk);
}

/** when formats a time as "09:05 · 23/11/2026" in the organisation's zone. */
function when(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const zone = state.config && state.config.timezone;
  return `${hhmm(d, zone)} · ${shortDate(d, zone)}`;
}

/** renderRating offers the rating once, when the ticket is done and not rated yet. */
function renderRating(tk) {
  const box = $("rate");
  const rated = tk.rating || localStorage.getItem("luot.rated." + id);
  const show = tk.status === "done" && (!rated || box.dataset.just === "1");
  box.classList.toggle("hidden", !show);
  if (!show || box.dataset.just === "1" || box.dataset.lang === document.documentElement.lang) return;
  box.dataset.lang = document.documentElement.lang; // built once per language: taps never hit a stale button
  const levels = (state.config && state.config.rating) || [];
  $("levels").replaceChildren(...levels.map((l, i) =>
    el(`button.level.level-${i}`, { type: "button", dataset: { level: l.id }, onclick: () => rate(l.id) }, name(l))));
}

async function rate(level) {
  const msg = $("rate-msg");
  try {
    await api(`/tickets/${encodeURIComponent(id)}/rating`, { method: "POST", body: { level } });
    msg.textContent = t("rate.thanks");
  } catch (e) {
    if (e.status !== 409) {
      msg.textContent = e.message;
      msg.classList.remove("hidden");
      return;
    }
    msg.textContent = t("rate.done");
  }
  localStorage.setItem("luot.rated." + id, level);
  $("rate").dataset.just = "1";
  $("levels").replaceChildren();
  msg.classList.remove("hidden");
}

/** problem shows a calm message instead of the ticket ("notfound", "down") or hides it. */
function problem(kind) {
  $("problem").classList.toggle("hidden", !kind);
  $("card").classList.toggle("hidden", kind === "notfound");
  $("alerts").classList.toggle("hidden", kind === "notfound");
  if (!kind) return;
  $("problem").dataset.kind = kind;
  $("problem-title").textContent = t("p." + kind);
  $("problem-text").textContent = t("p." + kind + "Text");
}

$("postpone-btn").addEventListener("click", async () => {
  $("postpone-btn").disabled = true;
  try {
    apply(await api(`/tickets/${encodeURIComponent(id)}/postpone`, { method: "POST" }));
  } catch (e) {
    load();
  } finally {
    $("postpone-btn").disabled = false;
  }
});
$("lang").addEventListener("click", toggle);
onChange(() => {
  render();
  const kind = $("problem").dataset.kind;
  if (!$("problem").classList.contains("hidden") && kind) problem(kind);
});
$("alert-on").addEventListener("click", async () => {
  await notify.enable();
  $("alert-on").classList.add("hidden");
  $("alert-state").classList.remove("hidden");
});
if (!id || id === "t") problem("notfound");
else load();
