// The kiosk: pairs once, then shows its site's services as large buttons with their queues,
// live from the site's feed, and issues a ticket at a touch. Every failure ends in a calm
// message and a retry by itself: a kiosk in a hall has nobody to press reload.
import { api, lang } from "/assets/js/api.js";
import { connectSite } from "/assets/js/live.js";
import { setup, t, toggle, onChange, name } from "/assets/js/i18n.js";
import { dict } from "./strings.js";
import { kiosk, showPairing } from "./pair.js";
import { syncClock, now, hhmm, longDate } from "./time.js";
import { groupsOf, render, update } from "./services.js";
import * as ticket from "./ticket.js";
import { setupCheckin } from "./checkin.js";
import { showClosed, down, isDown, toast, watchIdle } from "./states.js";
import * as voice from "./voice.js";
import { $, el } from "/assets/js/dom.js";

// REFRESH_MS is how often the kiosk re-reads its site besides the live feed (opening hours
// pass without events); ?refresh=<seconds> changes it (tests, demos).
const REFRESH_MS = Math.max(2, Number(new URLSearchParams(location.search).get("refresh")) || 30) * 1000;
const state = { site: "", view: null, config: null, priority: "", busy: false, live: null, refreshTimer: 0, probing: 0, large: false };

setup(dict);

/** boot pairs the kiosk if needed, then loads its site; it retries by itself on failures. */
async function boot() {
  kiosk.takeLink();
  // while the server cannot answer, the calm "unavailable" screen, and tries again by itself
  const { device, reason } = await kiosk.wait(() => down(true));
  if (reason) {
    down(false);
    screen("pair");
    showPairing(reason, boot);
    return;
  }
  state.site = device.site;
  try {
    state.config = await api("/config");
    syncClock(state.config.now, state.config.timezone);
    tickClock();
    state.view = await api(`/sites/${encodeURIComponent(state.site)}`);
  } catch (e) {
    return unavailable(boot);
  }
  down(false);
  screen("main");
  drawAll();
  follow();
}

function screen(id) {
  document.body.classList.remove("booting");
  for (const s of ["pair", "main"]) $(s).classList.toggle("hidden", s !== id);
}

/** drawAll renders the whole main screen from state. */
function drawAll() {
  const v = state.view;
  $("site-name").textContent = name(v);
  const org = state.config ? name(state.config) : "";
  $("org-name").textContent = org === name(v) ? "" : org;
  $("idle-site").textContent = name(v);
  drawPriority();
  const box = $("services");
  render(box, groupsOf(v.services), take, state.large);
  if (!state.large) fit(box); // in the large-text mode the list scrolls instead
  box.scrollTop = 0;
  updateMore();
  showClosed(v);
}

/** fit shrinks the buttons until nothing scrolls (the plan is close; fonts decide the rest). */
function fit(box) {
  let h = parseInt(getComputedStyle(box).getPropertyValue("--btn-h"), 10) || 120;
  for (let i = 0; i < 40 && box.scrollHeight > box.clientHeight + 1 && h > 64; i++) {
    h -= 4;
    box.style.setProperty("--btn-h", `${h}px`);
  }
}

/** refreshButtons updates counts and states without rebuilding the grid. */
function refreshButtons() {
  for (const s of state.view.services) {
    const b = document.querySelector(`.svc[data-service="${CSS.escape(s.id)}"]`);
    if (b) update(b, s);
  }
  showClosed(state.view);
}

function drawPriority() {
  const cats = (state.config && state.config.priority) || [];
  $("priority").classList.toggle("hidden", cats.length === 0);
  const box = $("priority-chips");
  box.replaceChildren(...cats.map((c) => {
    return el("button.chip", {
      type: "button", dataset: { id: c.id }, "aria-pressed": String(state.priority === c.id),
      onclick: () => {
        state.priority = state.priority === c.id ? "" : c.id;
        drawPriority();
      },
    }, name(c));
  }));
  document.body.classList.toggle("prio-on", state.priority !== "");
}

/** follow subscribes to the site's live feed and refreshes the view on every change. */
function follow() {
  if (state.live) state.live.close();
  state.live = connectSite(state.site, {
    onSnapshot: (v) => {
      state.view = { ...state.view, ...v };
      refreshButtons();
    },
    onEvent: (ev) => {
      for (const s of state.view.services) {
        if (ev.waiting && s.id in ev.waiting) s.waiting = ev.waiting[s.id];
      }
      refreshButtons();
      scheduleRefresh(800); // the estimates and quotas come with the full view
    },
    onStatus: (up) => {
      if (!up) probe();
      else if (isDown()) refresh();
    },
  });
  clearInterval(state.poll);
  state.poll = setInterval(refresh, REFRESH_MS); // opening hours change without events
  clearInterval(state.resync);
  state.resync = setInterval(resync, 600000);
}

/** resync re-reads the configuration: the server's clock, and a reloaded organisation. */
async function resync() {
  try {
    state.config = await api("/config");
    syncClock(state.config.now, state.config.timezone);
    drawPriority();
  } catch (e) {
    // the next refresh says so if the server is down
  }
}

function scheduleRefresh(ms) {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(refresh, ms);
}

/** refresh re-reads the site; a failure shows the unavailable screen and keeps trying. */
async function refresh() {
  try {
    const v = await api(`/sites/${encodeURIComponent(state.site)}`);
    const rebuild = !state.view || v.services.map((s) => s.id).join() !== state.view.services.map((s) => s.id).join();
    state.view = v;
    if (isDown()) down(false);
    if (rebuild) drawAll();
    else refreshButtons();
    return true;
  } catch (e) {
    if (e.status === 401) revoked();
    else if (e.status === 0 || e.status >= 500) unavailable(refresh);
    return false;
  }
}

/** revoked returns to the pairing screen when the server no longer knows the kiosk's token. */
function revoked() {
  kiosk.forget();
  if (state.live) state.live.close();
  state.live = null;
  clearInterval(state.poll);
  clearInterval(state.resync);
  clearTimeout(state.probing);
  ticket.hide();
  down(false);
  showClosed(null);
  screen("pair");
  showPairing("revoked", boot);
}

/** probe checks the server after the live feed dropped: a blip shows nothing. */
async function probe() {
  clearTimeout(state.probing);
  state.probing = setTimeout(refresh, 1500);
}

/** unavailable shows the calm "system unavailable" screen and retries retry() by itself. */
function unavailable(retry) {
  down(true);
  clearTimeout(state.probing);
  state.probing = setTimeout(retry, 3000);
}

function randomKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b); // unlike randomUUID, also on a kiosk served over plain http
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** take issues a ticket of a service and shows it. */
async function take(serviceId) {
  if (state.busy || isDown()) return;
  const svc = state.view.services.find((s) => s.id === serviceId);
  const btn = document.querySelector(`.svc[data-service="${CSS.escape(serviceId)}"]`);
  state.busy = true;
  btn && btn.classList.add("busy");
  try {
    // One key for this press: if an answer is lost (network, 503) the retries carry the same
    // key, so a ticket that was created after all is returned, never issued twice.
    const key = randomKey();
    const issue = () => api(`/sites/${encodeURIComponent(state.site)}/tickets`, {
      method: "POST", body: { service: serviceId, priority: state.priority },
      headers: { "Idempotency-Key": key },
    });
    let tk;
    for (let attempt = 0; ; attempt++) {
      try {
        tk = await issue();
        break;
      } catch (e) {
        const transient = e.status === 0 || e.status >= 500;
        if (!transient || attempt >= 2) throw e;
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      }
    }
    state.priority = "";
    drawPriority();
    ticket.show(tk, svc, () => {});
    voice.sayTicket(tk.number, state.site);
  } catch (e) {
    if (e.code === "quota_reached") {
      toast(t("err.quota", { s: svc ? name(svc) : serviceId }));
      refresh();
    } else if (e.code === "outside_hours") {
      toast(t("err.hours"));
      refresh();
    } else if (e.status === 0 || e.status >= 500) {
      unavailable(refresh);
    } else if (e.status === 401) {
      revoked();
    } else {
      toast(e.message || t("err.other"));
    }
  } finally {
    state.busy = false;
    btn && btn.classList.remove("busy");
  }
}

function tickClock() {
  const d = now();
  $("clock").textContent = hhmm(d);
  $("date").textContent = longDate(d);
  $("idle-clock").textContent = hhmm(d);
  $("idle-date").textContent = longDate(d);
}

setupCheckin({
  site: () => state.site,
  issued: (tk) => ticket.show(tk, state.view && state.view.services.find((s) => s.id === tk.service), () => {}),
  failed: (e) => (e.status === 401 ? revoked() : unavailable(refresh)),
});
$("lang").addEventListener("click", toggle);
$("large").addEventListener("click", () => setLarge(!state.large));

/** setLarge turns the large-text mode on or off: larger words everywhere, the buttons laid
 * out again to hold them; it lasts until the kiosk goes idle (the next citizen). */
function setLarge(on) {
  state.large = on;
  document.body.classList.toggle("large", on);
  $("large").setAttribute("aria-pressed", String(on));
  if (state.view) drawAll();
}
/** updateMore shows, when the large-text mode's list is longer than the screen, a wide
 * button under it that scrolls it down a screen at a time (and back to the top at its end):
 * not everyone knows that a kiosk's list can be swiped. */
function updateMore() {
  const box = $("services");
  const more = $("more");
  const long = state.large && box.scrollHeight > box.clientHeight + 2;
  more.classList.toggle("hidden", !long);
  if (!long) return;
  const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 2;
  more.dataset.dir = atEnd ? "up" : "down";
  more.textContent = t(atEnd ? "more.up" : "more.down");
}
$("more").addEventListener("click", () => {
  const box = $("services");
  if ($("more").dataset.dir === "up") box.scrollTo({ top: 0, behavior: "smooth" });
  else box.scrollBy({ top: Math.round(box.clientHeight * 0.8), behavior: "smooth" });
});
$("services").addEventListener("scroll", updateMore, { passive: true });

// the first touch allows the kiosk to make a sound (browsers need one)
document.addEventListener("pointerdown", () => voice.unlock(), { once: true, capture: true });
onChange(() => {
  tickClock();
  if (state.view) drawAll();
});
window.addEventListener("resize", () => state.view && drawAll());
setInterval(tickClock, 1000);
tickClock();
watchIdle(
  () => !$("main").classList.contains("hidden") && !ticket.visible() && !isDown() && state.view && state.view.open_now,
  () => {
    state.priority = "";
    voice.stop();
    if (state.large) setLarge(false);
    if (lang() !== "vi") toggle();
    else drawPriority();
  },
);
boot();
