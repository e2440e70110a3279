// The admin area: sign-in, the shell and the routes (#/board, #/site/<id>, #/reports,
// #/users, #/devices, #/org). Each view is a module with show(root, ctx) returning a cleanup.
import { api, setCSRF, ApiError } from "/assets/js/api.js";
import { setup, t, toggle, onChange, apply, name } from "/assets/js/i18n.js";
import { dict } from "./dict.js";
import { el } from "/assets/js/dom.js";
import { message } from "./util.js";
import * as board from "./board.js";
import * as site from "./site.js";
import * as reports from "./reports.js";
import * as users from "./users.js";
import * as devices from "./devices.js";
import * as org from "./org.js";
import * as bookings from "./bookings.js";

const views = { board, site, reports, users, devices, org, bookings };
const ctx = { user: null, config: null, sites: [], setLive };
let cleanup = null;

function setLive(on) {
  const live = document.getElementById("live");
  live.classList.remove("hidden");
  live.classList.toggle("off", !on);
  live.title = on ? t("live") : t("offline");
}

async function start() {
  setup(dict);
  document.getElementById("lang").onclick = () => toggle();
  onChange(() => route());
  document.getElementById("logout").onclick = logout;
  document.getElementById("login-form").onsubmit = login;
  try {
    ctx.config = await api("/config");
    ctx.sites = await api("/sites");
  } catch (err) {
    return fatal(err);
  }
  const orgName = () => {
    document.getElementById("org-name").textContent = name(ctx.config);
    document.getElementById("login-org").textContent = name(ctx.config);
  };
  orgName();
  onChange(orgName);
  try {
    const me = await api("/auth/me");
    setCSRF(me.csrf_token);
    signedIn(me.user);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return showLogin();
    fatal(err);
  }
}

function showLogin() {
  document.getElementById("login").classList.remove("hidden");
  document.getElementById("view").replaceChildren();
  document.getElementById("login-user").focus();
}

async function login(e) {
  e.preventDefault();
  const box = document.getElementById("login-error");
  const username = document.getElementById("login-user").value.trim();
  const password = document.getElementById("login-pass").value;
  box.classList.add("hidden");
  try {
    const res = await api("/auth/login", { method: "POST", body: { username, password } });
    setCSRF(res.csrf_token);
    document.getElementById("login").classList.add("hidden");
    document.getElementById("login-pass").value = "";
    signedIn(res.user);
  } catch (err) {
    box.textContent = message(err);
    box.classList.remove("hidden");
  }
}

async function logout() {
  try {
    await api("/auth/logout", { method: "POST" });
  } catch (e) { /* signed out anyway */ }
  setCSRF("");
  location.hash = "";
  location.reload();
}

function signedIn(user) {
  ctx.user = user;
  const who = document.getElementById("who");
  who.textContent = user.full_name || user.username;
  who.title = user.username + " · " + t("role_" + user.role);
  who.classList.remove("hidden");
  document.getElementById("logout").classList.remove("hidden");
  if (user.role === "officer") {
    document.getElementById("view").replaceChildren(el("section.card.notice", {},
      el("p", {}, t("officer_role_note")), el("a.btn", { href: "/counter/" }, t("go_counter"))));
    return;
  }
  const nav = document.getElementById("nav");
  nav.classList.remove("hidden");
  nav.querySelectorAll("[data-admin]").forEach((a) => a.classList.toggle("hidden", user.role !== "admin"));
  window.addEventListener("hashchange", route);
  route();
}

function route() {
  apply();
  if (!ctx.user || ctx.user.role === "officer") return;
  const [, view = "board", arg = ""] = (location.hash || "#/board").split("/");
  const mod = views[view] || board;
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.route === (view === "site" ? "board" : view)));
  if (cleanup) cleanup();
  cleanup = null;
  document.getElementById("live").classList.add("hidden");
  const root = document.getElementById("view");
  root.replaceChildren();
  root.className = "view-" + view;
  try {
    cleanup = mod.show(root, ctx, decodeURIComponent(arg)) || null;
  } catch (err) {
    root.append(el("p.form-error.pad", {}, message(err)));
  }
}

function fatal(err) {
  const root = document.getElementById("view");
  root.replaceChildren(el("section.card.notice", {}, el("p", {}, message(err)),
    el("button.btn", { type: "button", onclick: () => location.reload() }, t("retry"))));
}

start();
