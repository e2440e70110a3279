// Sign-in and the choice of a counter: the counters of the officer's sites, free ones to
// take, the officer's own to continue, the others shown with who holds them.
import { api, setCSRF } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { overseen } from "/assets/js/sites.js";
import { st, call, mine, counterLabel, serviceName } from "./state.js";
import { $, el } from "/assets/js/dom.js";
import { show, toast } from "./util.js";

const hooks = { enter: async () => {}, follow: () => {} };

/** setupPick wires the sign-in form and the site choice; enter(siteId, counterId) opens the
 * desk, follow(siteId) follows a site's live feed. */
export function setupPick({ enter, follow }) {
  hooks.enter = enter;
  hooks.follow = follow;
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    login();
  });
  $("pick-site").addEventListener("change", () => {
    localStorage.setItem("luot.counter.site", $("pick-site").value);
    showPicker();
  });
}

/** showLogin shows the sign-in form, with a notice (an expired session) if given. */
export function showLogin(notice = "") {
  st.user = null;
  st.counterId = "";
  st.counter = null;
  st.site = null;
  $("offline").classList.add("hidden");
  $("login-notice").textContent = notice;
  $("login-notice").classList.toggle("hidden", !notice);
  $("login-error").classList.add("hidden");
  $("login-pass").value = "";
  topbar();
  show("login");
  ($("login-user").value ? $("login-pass") : $("login-user")).focus();
}

async function login() {
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
export async function signedIn(user) {
  st.user = user;
  const all = await call("/sites");
  // the sites the user works at: their own, and those they oversee (a branch's points)
  const theirs = new Set([...(user.sites || []), ...overseen(user, all).map((s) => s.id)]);
  st.sites = all.filter((s) => theirs.has(s.id));
  topbar();
  const last = (localStorage.getItem("luot.counter.last") || "").split("/");
  if (last.length === 2 && st.sites.some((s) => s.id === last[0])) {
    try {
      const site = await call("/sites/" + encodeURIComponent(last[0]));
      const c = site.counters.find((x) => x.id === last[1]);
      if (c && c.state !== "closed" && mine(c)) {
        st.site = site;
        await hooks.enter(last[0], last[1]);
        return;
      }
    } catch (e) {
      /* fall through to the choice */
    }
  }
  await showPicker();
}

/** showPicker shows the counters of the chosen site. */
export async function showPicker(notice = "") {
  st.counterId = "";
  st.counter = null;
  topbar();
  show("pick");
  $("pick-notice").textContent = notice;
  $("pick-notice").classList.toggle("hidden", !notice);
  const select = $("pick-site");
  if (!st.sites.length) {
    $("pick-list").replaceChildren(el("p.empty", {}, t("pick.nosite")));
    return;
  }
  const want = localStorage.getItem("luot.counter.site");
  st.siteId = st.sites.some((s) => s.id === want) ? want : st.sites[0].id;
  select.replaceChildren(...st.sites.map((s) => {
    const o = el("option", {}, name(s));
    o.value = s.id;
    return o;
  }));
  select.value = st.siteId;
  $("pick-site-label").classList.toggle("hidden", st.sites.length < 2);
  hooks.follow(st.siteId);
  try {
    st.site = await call("/sites/" + encodeURIComponent(st.siteId));
    renderPicker();
  } catch (e) {
    if (e.status !== 401) toast(e.message, "error");
  }
}

/** renderPicker draws the counters of st.site. */
export function renderPicker() {
  if (!st.site || document.body.dataset.screen !== "pick") return;
  $("top-site").textContent = name(st.site);
  const list = $("pick-list");
  if (!st.site.counters.length) {
    list.replaceChildren(el("p.empty", {}, t("pick.none")));
    return;
  }
  list.replaceChildren(...st.site.counters.map((c) => {
    const b = el("button.counter-card");
    b.type = "button";
    b.dataset.counter = c.id;
    const state = mine(c) ? "mine" : c.state === "closed" ? "free" : "held";
    b.classList.add(state);
    b.disabled = state === "held";
    b.append(el("span.num", {}, String(c.number)), el("span.cname", {}, counterLabel(c)),
      el("span.svcs", {}, (c.services || []).map(serviceName).join(" · ")));
    const who = c.officer || "";
    const label = state === "mine" ? t("pick.mine") : state === "free" ? t("pick.free")
      : c.state === "paused" ? t("pick.paused", { who }) : t("pick.held", { who });
    b.append(el("span.cstate", {}, label));
    b.addEventListener("click", () => take(c));
    return b;
  }));
}

async function take(c) {
  if (st.busy) return;
  st.busy = "open";
  try {
    await call(`/sites/${encodeURIComponent(st.siteId)}/counters/${encodeURIComponent(c.id)}/open`, { method: "POST", body: {} });
    st.busy = ""; // the desk draws its buttons now: none may stay greyed after the counter opened
    await hooks.enter(st.siteId, c.id);
  } catch (e) {
    if (e.status !== 401) {
      toast(e.message, "error");
      showPicker();
    }
  } finally {
    st.busy = "";
  }
}

/** topbar shows what the header says on every screen: the officer and the buttons. */
export function topbar() {
  const signed = !!st.user;
  $("top-officer").textContent = signed ? st.user.full_name || st.user.username : "";
  $("top-officer").classList.toggle("hidden", !signed);
  $("btn-logout").classList.toggle("hidden", !signed);
  $("top-counter").classList.toggle("hidden", !st.counterId);
  $("btn-close").classList.toggle("hidden", !signed || !st.counterId);
  if (!st.site || !signed) $("top-site").textContent = "";
  else $("top-site").textContent = name(st.site);
}
