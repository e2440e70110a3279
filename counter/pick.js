// Sign-in and the choice of a counter: the counters of the officer's sites, free ones to
// take, the officer's own to continue, the others shown with who holds them. The choice is a
// view (show) with its own state and a cleanup, as the desk is.
import { api, setCSRF } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { overseen } from "/assets/js/sites.js";
import { $, el } from "/assets/js/dom.js";
import { mine, counterLabel, serviceName, applyEvent } from "./state.js";
import { show as showScreen, toast, seen } from "./util.js";

/** setupLogin wires the sign-in form once: a successful sign-in calls signedIn(user). */
export function setupLogin(signedIn) {
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    login(signedIn);
  });
}

/** showLogin shows the sign-in form, with a notice (an expired session) if given. */
export function showLogin(ctx, notice = "") {
  ctx.user = null;
  $("offline").classList.add("hidden");
  $("login-notice").textContent = notice;
  $("login-notice").classList.toggle("hidden", !notice);
  $("login-error").classList.add("hidden");
  $("login-pass").value = "";
  topbar(ctx, null, "");
  showScreen("login");
  ($("login-user").value ? $("login-pass") : $("login-user")).focus();
}

async function login(signedIn) {
  const username = $("login-user").value.trim();
  const password = $("login-pass").value;
  const err = $("login-error");
  if (!username || !password) {
    err.textContent = t("login.missing");
    err.classList.remove("hidden");
    return;
  }
  $("login-go").disabled = true;
  try {
    const res = await api("/auth/login", { method: "POST", body: { username, password } });
    setCSRF(res.csrf_token);
    localStorage.setItem("luot.counter.session", "1");
    await signedIn(res.user);
  } catch (e) {
    err.textContent = e.message;
    err.classList.remove("hidden");
    $("login-pass").select();
  } finally {
    $("login-go").disabled = false;
  }
}

/** signedIn loads the user's sites, then returns to the counter the user holds or shows the
 * choice of counters. */
export async function signedIn(ctx, user) {
  ctx.user = user;
  const all = await ctx.call("/sites");
  // the sites the user works at: their own, and those they oversee (a branch's points)
  const theirs = new Set([...(user.sites || []), ...overseen(user, all).map((s) => s.id)]);
  ctx.sites = all.filter((s) => theirs.has(s.id));
  topbar(ctx, null, "");
  const last = (localStorage.getItem("luot.counter.last") || "").split("/");
  if (last.length === 2 && ctx.sites.some((s) => s.id === last[0])) {
    try {
      const site = await ctx.call("/sites/" + encodeURIComponent(last[0]));
      const c = site.counters.find((x) => x.id === last[1]);
      if (c && c.state !== "closed" && mine(ctx, c)) {
        await ctx.enter(last[0], last[1]);
        return;
      }
    } catch (e) {
      /* fall through to the choice */
    }
  }
  await ctx.pick();
}

/**
 * show is the choice of counters of the chosen site, live from its feed, with a notice (why
 * the officer is back here) if given. It returns the view: close() its cleanup, redraw()
 * after a language change, ready the promise of its first drawing.
 */
export function show(ctx, notice = "") {
  const v = { ctx, siteId: "", site: null, busy: false, closed: false };
  topbar(ctx, null, "");
  showScreen("pick");
  $("pick-notice").textContent = notice;
  $("pick-notice").classList.toggle("hidden", !notice);
  const select = $("pick-site");
  const view = { close, redraw: () => renderPicker(v), ready: Promise.resolve() };
  if (!ctx.sites.length) {
    $("pick-list").replaceChildren(el("p.empty", {}, t("pick.nosite")));
    return view;
  }
  const want = localStorage.getItem("luot.counter.site");
  v.siteId = ctx.sites.some((s) => s.id === want) ? want : ctx.sites[0].id;
  select.replaceChildren(...ctx.sites.map((s) => el("option", { value: s.id }, name(s))));
  select.value = v.siteId;
  $("pick-site-label").classList.toggle("hidden", ctx.sites.length < 2);
  const onSite = () => {
    localStorage.setItem("luot.counter.site", select.value);
    ctx.pick();
  };
  select.addEventListener("change", onSite);
  const unfollow = ctx.follow(v.siteId, {
    onSnapshot(site) {
      if (site.id !== v.siteId) return;
      v.site = site;
      renderPicker(v);
    },
    onEvent(ev) {
      seen(ev.at);
      if (!v.site || ev.site !== v.siteId) return;
      applyEvent(v.site, ev);
      renderPicker(v);
    },
  });
  view.ready = (async () => {
    try {
      const site = await ctx.call("/sites/" + encodeURIComponent(v.siteId));
      if (v.closed) return;
      v.site = site;
      renderPicker(v);
    } catch (e) {
      if (e.status !== 401 && !v.closed) toast(e.message, "error");
    }
  })();
  function close() {
    v.closed = true;
    select.removeEventListener("change", onSite);
    unfollow();
  }
  return view;
}

/** renderPicker draws the counters of the view's site. */
function renderPicker(v) {
  if (!v.site || v.closed) return;
  const { ctx } = v;
  $("top-site").textContent = name(v.site);
  const list = $("pick-list");
  if (!v.site.counters.length) {
    list.replaceChildren(el("p.empty", {}, t("pick.none")));
    return;
  }
  list.replaceChildren(...v.site.counters.map((c) => {
    const b = el("button.counter-card");
    b.type = "button";
    b.dataset.counter = c.id;
    const state = mine(ctx, c) ? "mine" : c.state === "closed" ? "free" : "held";
    b.classList.add(state);
    b.disabled = state === "held";
    b.append(el("span.num", {}, String(c.number)), el("span.cname", {}, counterLabel(c)),
      el("span.svcs", {}, (c.services || []).map((id) => serviceName(ctx, id)).join(" · ")));
    const who = c.officer || "";
    const label = state === "mine" ? t("pick.mine") : state === "free" ? t("pick.free")
      : c.state === "paused" ? t("pick.paused", { who }) : t("pick.held", { who });
    b.append(el("span.cstate", {}, label));
    b.addEventListener("click", () => take(v, c));
    return b;
  }));
}

async function take(v, c) {
  if (v.busy) return;
  v.busy = true;
  const { ctx } = v;
  try {
    await ctx.call(`/sites/${encodeURIComponent(v.siteId)}/counters/${encodeURIComponent(c.id)}/open`, { method: "POST", body: {} });
    await ctx.enter(v.siteId, c.id);
  } catch (e) {
    if (e.status !== 401) {
      toast(e.message, "error");
      ctx.pick();
    }
  } finally {
    v.busy = false;
  }
}

/** topbar shows what the header says on every screen: the officer, the site (of the view on
 * screen, or none) and the buttons (those of a counter when counterId is given). */
export function topbar(ctx, site, counterId) {
  const signed = !!ctx.user;
  $("top-officer").textContent = signed ? ctx.user.full_name || ctx.user.username : "";
  $("top-officer").classList.toggle("hidden", !signed);
  $("btn-logout").classList.toggle("hidden", !signed);
  $("top-counter").classList.toggle("hidden", !counterId);
  $("btn-close").classList.toggle("hidden", !signed || !counterId);
  if (!site || !signed) $("top-site").textContent = "";
  else $("top-site").textContent = name(site);
}
