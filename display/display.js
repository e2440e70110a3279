// The hall display: the call being announced very large, every open counter with its ticket,
// the latest calls, every service's waiting count, the clock and a scrolling notice, live from
// the site's feed; each call is announced by chime and voice (voice.js), and lists too long for
// the screen turn their pages.
import { api } from "/assets/js/api.js";
import { connectSite } from "/assets/js/live.js";
import { t, name, onChange } from "/assets/js/i18n.js";
import { Board, CALL_TYPES } from "./board.js";
import { Announcer } from "./voice.js";
import { ServerClock } from "/assets/js/time.js";
import { clockText, setupPage, showScreen, offlineMarker, waitForSite } from "./common.js";
import { dict } from "./display-text.js";
import { renderServing, renderRecent, renderWaiting } from "./render.js";
import { fit, remeasure, short } from "./layout.js";
import { $ } from "/assets/js/dom.js";

const MAX_AGE = 60_000; // calls older than this when they reach the page are shown, not spoken
const FRESH_MS = 15_000; // how long the latest call stays highlighted
const SOUND_KEY = "luot.display.sound";
const SYNC_WAIT = 3000; // ms the replay after a reconnection waits for the server's time, at most
const SERVING_PAGE_MS = 8000; // how long a page of counters stays, when they take several
const WAITING_PAGE_MS = 6000; // how long a page of waiting counts stays

const board = new Board(8);
const clock = new ServerClock();
let config = { timezone: "Asia/Ho_Chi_Minh", notice: "", name: "" };
let hero = null; // the call in the hero
let freshTimer = 0;
let live = false; // the first snapshot has arrived
let held = null; // events received while the clock syncs again after a reconnection
let servingPage = 0; // the page of counters shown, when they take several
let waitingPage = 0;

const announcer = new Announcer({ onStart: showHero });
window.__display = { board, announcer, clock, state: "starting" };

function showHero(call) {
  hero = call;
  const el = $("hero");
  $("hero-empty").classList.toggle("hidden", !!call);
  $("hero-call").classList.toggle("hidden", !call);
  if (!call) return;
  $("hero-number").textContent = call.number;
  $("hero-number").style.setProperty("--chars", Math.max(4, call.number.length));
  $("hero-counter").textContent = call.counterNumber ?? "";
  $("hero-prio").classList.toggle("hidden", !call.priority);
  $("hero-recall").classList.toggle("hidden", !call.recall);
  el.classList.remove("fresh");
  if (call.fresh) {
    void el.offsetWidth; // restart the animation
    el.classList.add("fresh");
    clearTimeout(freshTimer);
    freshTimer = setTimeout(() => el.classList.remove("fresh"), FRESH_MS);
  }
  renderRecent($("recent"), board.calls, hero);
}

function render() {
  if (!board.site) return;
  renderHeader();
  renderServing($("serving"), $("serving-page"), board.serving(), servingPage);
  renderRecent($("recent"), board.calls, hero);
  renderWaiting($("waiting"), $("waiting-total"), $("waiting-page"), board.services(), waitingPage);
}

// renderHeader names the site, and the organisation above it unless they are the same (the
// centre); a long name wraps to two lines and shrinks until it fits.
function renderHeader() {
  const site = name(board.site);
  const org = lang() === "en" && config.name_en ? config.name_en : config.name;
  $("site-name").textContent = site;
  $("org-name").textContent = org;
  $("org-name").classList.toggle("hidden", !org || org === site);
  fit($("site-name"), 0.022 * short(), 2);
}

function tick() {
  const c = clockText(clock.now(), config.timezone);
  $("time").textContent = c.time;
  $("date").textContent = c.date;
}

function setTicker(text) {
  const track = $("ticker");
  text = name({ name: text, name_en: config.notice_en }) || t("notice_default"); // the organisation's notice_en in English
  track.textContent = text;
  track.style.setProperty("--ticker-s", Math.max(25, Math.round(text.length * 0.22)) + "s");
}

async function loadConfig() {
  config = await api("/config");
  clock.sync(config.now);
  setTicker(config.notice);
}

async function soundButton() {
  const btn = $("sound");
  if (localStorage.getItem(SOUND_KEY) === "on" && (await announcer.enable())) return;
  btn.classList.remove("hidden");
  btn.onclick = async () => {
    if (await announcer.enable()) {
      localStorage.setItem(SOUND_KEY, "on");
      btn.classList.add("hidden");
    }
  };
}

function onEvent(ev) {
  if (held) held.push(ev);
  else apply(ev);
}

// resync learns the server's time again when the feed comes back, and holds the events of
// the replay meanwhile: their age decides which are spoken, and the offset from before the
// outage may be wrong by then (the TV's own clock set by NTP once the network returns, or
// drifted during a long outage). The events then follow in order, as they came.
async function resync() {
  if (held) return; // a sync is already under way
  held = [];
  try {
    await Promise.race([loadConfig(), new Promise((r) => setTimeout(r, SYNC_WAIT))]);
  } catch (e) {
    /* the offset from before: better than holding the calls */
  }
  const events = held;
  held = null;
  events.forEach(apply);
}

function apply(ev) {
  const call = board.apply(ev);
  render();
  if (!live) return;
  // a ticket that moved on (done, no-show, back to waiting) is not called any more
  if (ev.ticket && ev.type.startsWith("ticket.") && !CALL_TYPES.has(ev.type) && ev.ticket.status !== "called") {
    announcer.drop(ev.ticket.number, ev.type);
  }
  if (!call) return;
  // a call replayed after an outage is still announced if it is recent, in order
  const age = clock.age(ev.at);
  if (age < MAX_AGE) announcer.say({ ...call, fresh: true }, age);
  else if (!hero || hero.at <= call.at) showHero(call);
}

async function start() {
  setupPage(dict);
  onChange(() => { render(); tick(); setTicker(config.notice); });
  setInterval(tick, 1000);
  tick();

  const site = await waitForSite(loadConfig);
  if (!site) return;
  announcer.site = site;
  showScreen(null);
  tick();
  soundButton();
  addEventListener("resize", render);
  document.fonts.addEventListener("loadingdone", () => {
    remeasure();
    render();
  });
  setInterval(() => {
    servingPage++;
    if (board.site) renderServing($("serving"), $("serving-page"), board.serving(), servingPage);
  }, SERVING_PAGE_MS);
  setInterval(() => {
    waitingPage++;
    if (board.site) renderWaiting($("waiting"), $("waiting-total"), $("waiting-page"), board.services(), waitingPage);
  }, WAITING_PAGE_MS);
  const marker = offlineMarker();
  connectSite(site, {
    onSnapshot(s) {
      if (held) held.splice(0).forEach(apply); // older than the snapshot: before it, in order
      board.snapshot(s);
      live = true;
      window.__display.state = "live";
      if (board.calls[0] && !hero) showHero(board.calls[0]);
      render();
    },
    onEvent,
    onStatus(up) {
      marker(up);
      window.__display.state = up ? "live" : "offline";
      if (up) resync();
    },
  });
  setInterval(() => loadConfig().catch(() => {}), 10 * 60_000);
}

function lang() {
  return document.documentElement.lang;
}

start();
