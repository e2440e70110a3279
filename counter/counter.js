// The counter workstation: sign in, take a counter, and call, recall, serve, transfer and
// pause from the keyboard or the buttons, with the counter's queues live from the site's feed.
import { api, setCSRF, lang } from "/assets/js/api.js";
import { setup, t, toggle, onChange } from "/assets/js/i18n.js";
import { dict } from "./strings.js";
import { st, call, onExpired, counterOf, mine } from "./state.js";
import { $ } from "/assets/js/dom.js";
import { show, toast, syncClock } from "./util.js";
import { setupPick, showLogin, signedIn, renderPicker, topbar } from "./pick.js";
import { render, renderQueues, tick } from "./desk.js";
import { act } from "./actions.js";
import { follow, refreshDesk } from "./feed.js";

async function boot() {
  setup(dict);
  langButton();
  onChange(() => {
    langButton();
    if (document.body.dataset.screen === "desk") render();
    if (document.body.dataset.screen === "pick") renderPicker();
    topbar();
  });
  $("lang").addEventListener("click", toggle);
  onExpired(() => {
    st.live?.close();
    st.live = null;
    localStorage.removeItem("luot.counter.session");
    showLogin(t("login.expired"));
  });
  setupPick({ enter, follow });
  $("btn-logout").addEventListener("click", logout);
  document.addEventListener("keydown", onKey);
  document.addEventListener("click", (e) => {
    const b = e.target.closest("[data-act]");
    if (b && !b.disabled && document.body.dataset.screen === "desk") act(b.dataset.act);
  });
  setInterval(tick, 1000);
  setInterval(() => document.body.dataset.screen === "desk" && renderQueues(), 30000);
  setInterval(() => document.body.dataset.screen === "desk" && refreshDesk(), 60000);
  setInterval(loadConfig, 10 * 60000);
  try {
    await loadConfig();
  } catch (e) {
    show("login");
    toast(e.message, "error");
    return;
  }
  tick();
  try {
    const me = await api("/auth/me");
    setCSRF(me.csrf_token);
    await signedIn(me.user);
  } catch (e) {
    const had = localStorage.getItem("luot.counter.session");
    localStorage.removeItem("luot.counter.session");
    showLogin(e.status === 401 && had ? t("login.expired") : e.status === 401 ? "" : e.message);
  }
}

async function loadConfig() {
  const sent = Date.now();
  st.cfg = await api("/config");
  syncClock(st.cfg.now, sent);
}

function langButton() {
  $("lang").textContent = lang() === "vi" ? "EN" : "VI";
}

/** enter opens the desk of a counter the user holds. */
async function enter(siteId, counterId) {
  st.siteId = siteId;
  st.counterId = counterId;
  localStorage.setItem("luot.counter.last", siteId + "/" + counterId);
  localStorage.setItem("luot.counter.site", siteId);
  st.site = await call("/sites/" + encodeURIComponent(siteId));
  st.counter = counterOf(counterId);
  st.queues = [];
  st.queuesAt = "";
  st.reserved = [];
  st.day = null;
  follow(siteId);
  show("desk");
  topbar();
  render();
  await refreshDesk();
}

function onKey(e) {
  if (e.ctrlKey || e.altKey || e.metaKey) return;
  if (document.body.dataset.screen !== "desk" || document.querySelector("dialog[open]")) return;
  if (e.target.closest && e.target.closest("input, select, textarea")) return;
  // the physical key, so that a Vietnamese keyboard layout or input method changes nothing
  const key = e.code && e.code.startsWith("Key") ? e.code.slice(3).toLowerCase() : (e.key || "").toLowerCase();
  const btn = document.querySelector(`[data-act][data-key="${key}"]`);
  if (!btn) return;
  e.preventDefault();
  if (e.repeat) return;
  act(btn.dataset.act);
}

async function logout() {
  const { confirm } = await import("./dialogs.js");
  if (st.counterId && st.counter && mine(st.counter)) {
    if (!(await confirm(t("logout.title")))) return;
    try {
      await call(`/sites/${encodeURIComponent(st.siteId)}/counters/${encodeURIComponent(st.counterId)}/close`, { method: "POST" });
    } catch (e) {
      if (e.status === 401) return;
    }
  }
  try {
    await api("/auth/logout", { method: "POST" });
  } catch (e) {
    /* an expired session is as good as signed out */
  }
  st.live?.close();
  st.live = null;
  localStorage.removeItem("luot.counter.session");
  localStorage.removeItem("luot.counter.last");
  setCSRF("");
  showLogin();
}

boot();
