// The counter workstation: sign in, take a counter, and call, recall, serve, transfer and
// pause from the keyboard or the buttons, with the counter's queues live from the site's feed.
// As in the admin area, one view is on screen at a time — the choice of counters (pick.js) or
// the desk (desk.js) — each given the page's context (state.js) and closed by its cleanup
// before the next is shown.
import { api, setCSRF, lang } from "/assets/js/api.js";
import { setup, t, toggle, onChange } from "/assets/js/i18n.js";
import { $ } from "/assets/js/dom.js";
import { dict } from "./strings.js";
import { context } from "./state.js";
import { show, toast, syncClock, tick } from "./util.js";
import { setupLogin, showLogin, signedIn, topbar, show as showPicker } from "./pick.js";
import { show as showDesk } from "./desk.js";

const ctx = context(expired);
let view = null; // the view on screen: {close, redraw, ready, holds?}

/** mount closes the view on screen, then shows the one make() opens (none: null). */
function mount(make) {
  view?.close();
  view = null;
  view = make ? make() : null;
  return view;
}

/** enter opens the desk of a counter the user holds. */
ctx.enter = async (siteId, counterId) => {
  localStorage.setItem("luot.counter.last", siteId + "/" + counterId);
  localStorage.setItem("luot.counter.site", siteId);
  const site = await ctx.call("/sites/" + encodeURIComponent(siteId));
  await mount(() => showDesk(ctx, siteId, counterId, site)).ready;
};

/** pick shows the choice of counters, with a notice (why the officer is back) if given. */
ctx.pick = (notice = "") => mount(() => showPicker(ctx, notice)).ready;

/** login shows the sign-in form: the feed closed, no view on screen. */
ctx.login = (notice = "") => {
  mount(null);
  ctx.unfollow();
  showLogin(ctx, notice);
};

function expired() {
  localStorage.removeItem("luot.counter.session");
  ctx.login(t("login.expired"));
}

async function boot() {
  setup(dict);
  langButton();
  onChange(() => {
    langButton();
    if (view) view.redraw();
    else topbar(ctx, null, "");
  });
  $("lang").addEventListener("click", toggle);
  setupLogin((user) => signedIn(ctx, user));
  $("btn-logout").addEventListener("click", logout);
  setInterval(tick, 1000);
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
    await signedIn(ctx, me.user);
  } catch (e) {
    const had = localStorage.getItem("luot.counter.session");
    localStorage.removeItem("luot.counter.session");
    ctx.login(e.status === 401 && had ? t("login.expired") : e.status === 401 ? "" : e.message);
  }
}

async function loadConfig() {
  const sent = Date.now();
  ctx.cfg = await api("/config");
  syncClock(ctx.cfg.now, sent);
}

function langButton() {
  $("lang").textContent = lang() === "vi" ? "EN" : "VI";
}

async function logout() {
  const { confirm } = await import("./dialogs.js");
  const desk = view?.holds?.();
  if (desk) {
    if (!(await confirm(t("logout.title")))) return;
    try {
      await ctx.call(`/sites/${encodeURIComponent(desk.siteId)}/counters/${encodeURIComponent(desk.counterId)}/close`, { method: "POST" });
    } catch (e) {
      if (e.status === 401) return;
    }
  }
  try {
    await api("/auth/logout", { method: "POST" });
  } catch (e) {
    /* an expired session is as good as signed out */
  }
  localStorage.removeItem("luot.counter.session");
  localStorage.removeItem("luot.counter.last");
  setCSRF("");
  ctx.login();
}

boot();
