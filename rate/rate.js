// The rating panel at a counter, facing the citizen: idle shows the counter; when the counter
// finishes a ticket it asks for a rating with the configured levels as large faces; a tap
// records it (one rating per ticket), thanks, and goes back to idle. Without a tap it goes
// back after 30 s (?ask=N seconds to change it), recording nothing. It follows the site's
// public feed, which carries no ticket ids: a tap names the finish it saw by its event's id
// (POST /api/v1/devices/me/rating), which the server accepts only for this panel's counter.
import { api } from "/assets/js/api.js";
import { setup, t, toggle, name, onChange } from "/assets/js/i18n.js";
import { connectSite } from "/assets/js/live.js";
import { dict } from "./strings.js";
import { look, face, tick } from "./faces.js";
import { panel, showPair } from "./pair.js";
import { $, el } from "/assets/js/dom.js";
import { clock } from "/assets/js/time.js";

const params = new URLSearchParams(location.search);
const ASK_SEC = clamp(Number(params.get("ask")) || 30, 1, 600);
const THANKS_SEC = clamp(Number(params.get("thanks")) || 6, 1, 60);

let cfg = null;
let device = null;
let counter = null; // the counter's live state
let siteView = null; // the site as its snapshot gave it, for its names
let asking = null; // the finish the panel asks about: {number, event}
let timer = 0;

function clamp(n, lo, hi) {
  return Math.min(hi, Math.max(lo, n));
}

function show(screen) {
  document.querySelectorAll(".screen").forEach((s) => s.classList.toggle("hidden", s.id !== "screen-" + screen));
  document.body.dataset.screen = screen;
}

/** boot sets the page up once, then loads the configuration. */
function boot() {
  setup(dict);
  $("lang").textContent = t("lang");
  $("lang").addEventListener("click", toggle);
  onChange(() => {
    $("lang").textContent = t("lang");
    if (cfg) $("org-name").textContent = name(cfg);
    draw();
  });
  panel.takeLink();
  loadConfig();
}

/** loadConfig reads the organisation and starts; the server unreachable, it tries again
 * quietly (only this: the listeners are set up once, in boot). */
async function loadConfig() {
  try {
    const sent = Date.now();
    cfg = await api("/config");
    clock.sync(cfg.now, sent);
    $("org-name").textContent = name(cfg);
  } catch (e) {
    setTimeout(loadConfig, 5000);
    return;
  }
  start();
}

/** start checks the panel's token (the server unreachable: tried again, quietly) and follows
 * its site, or shows the pairing form. */
async function start() {
  const res = await panel.wait();
  if (res.reason) return showPair(res.reason === "unpaired" ? "" : t("pair." + res.reason), start);
  device = res.device;
  connectSite(device.site, {
    onSnapshot(site) {
      siteView = site;
      counter = site.counters.find((c) => c.id === device.counter) || null;
      draw();
    },
    onEvent,
    onStatus(up) {
      $("offline").classList.toggle("hidden", up);
    },
  });
  show("idle");
}

function onEvent(ev) {
  const at = Date.parse(ev.at);
  clock.seen(ev.at);
  if (ev.counter && ev.counter.id === device.counter) counter = ev.counter;
  const tk = ev.ticket;
  const mine = tk && counter && tk.counter_number === counter.number;
  if (ev.type === "ticket.done" && mine && clock.ms() - at < 120000) {
    ask({ number: tk.number, event: ev.id }); // a finish of this counter, not one replayed from long ago
    return;
  }
  if (ev.type === "ticket.rated" && asking && mine && tk.number === asking.number) {
    thanks(t("thanks.text"));
    return;
  }
  if (document.body.dataset.screen === "idle") draw();
}

/** draw renders the idle screen (and the texts of the ask screen, on a language change). */
function draw() {
  if (!device) return;
  $("idle-site").textContent = siteView ? name(siteView) : "";
  $("idle-number").textContent = counter ? String(counter.number) : "";
  // a name that only says "Quầy 2" adds nothing under the big 2
  $("idle-name").textContent = counter && counter.name && !/^\D*\d+$/.test(counter.name) ? name(counter) : "";
  const cur = counter && counter.ticket;
  $("idle-serving").textContent = cur ? t("idle.serving", { n: cur.number }) : "";
  $("idle-serving").classList.toggle("hidden", !cur);
  if (asking) askTexts();
}

function counterLabel() {
  return counter && counter.name ? name(counter) : counter ? t("counter", { n: counter.number }) : "";
}

function askTexts() {
  $("ask-number").textContent = asking.number;
  $("ask-question").textContent = t("ask.question", { c: counterLabel() });
  $("ask-foot").textContent = t("ask.foot", { s: ASK_SEC });
  const levels = cfg.rating || [];
  $("levels").querySelectorAll(".level").forEach((b, i) => {
    b.querySelector(".name").textContent = name(levels[i]);
  });
}

function ask(tk) {
  asking = tk;
  const levels = cfg.rating || [];
  const box = $("levels");
  box.dataset.count = String(levels.length);
  box.replaceChildren(...levels.map((l, i) => {
    const { mood, color } = look(l.id, i, levels.length);
    const b = el("button.level", { type: "button", dataset: { level: l.id } });
    b.style.setProperty("--c", color);
    b.innerHTML = `<span class="face">${face(mood, color)}</span><span class="name"></span>`;
    b.addEventListener("click", () => rate(tk, l.id, b));
    return b;
  }));
  $("ask-error").classList.add("hidden");
  askTexts();
  show("ask");
  restart(ASK_SEC, idle);
  const bar = $("countdown");
  bar.style.transition = "none";
  bar.style.width = "100%";
  requestAnimationFrame(() => requestAnimationFrame(() => {
    bar.style.transition = `width ${ASK_SEC}s linear`;
    bar.style.width = "0%";
  }));
}

async function rate(tk, level, button) {
  if (asking !== tk) return;
  $("levels").querySelectorAll(".level").forEach((b) => (b.disabled = true));
  button.classList.add("chosen");
  try {
    await api("/devices/me/rating", {
      method: "POST", body: { event: tk.event, level }, headers: { "Idempotency-Key": "rate-" + tk.event },
    });
    thanks(t("thanks.text"));
  } catch (e) {
    if (e.status === 409 || e.status === 404) {
      thanks(t("thanks.already")); // rated already (on the phone), not finished, or long gone: nothing to ask
      return;
    }
    button.classList.remove("chosen");
    $("levels").querySelectorAll(".level").forEach((b) => (b.disabled = false));
    $("ask-error").textContent = e.status === 0 || e.status >= 500 ? t("ask.failed") : e.message;
    $("ask-error").classList.remove("hidden");
  }
}

function thanks(text) {
  asking = null;
  $("thanks-text").textContent = text;
  $("thanks-face").innerHTML = tick();
  show("thanks");
  restart(THANKS_SEC, idle);
}

function idle() {
  asking = null;
  draw();
  show("idle");
}

function restart(sec, f) {
  clearTimeout(timer);
  timer = setTimeout(f, sec * 1000);
}

boot();
