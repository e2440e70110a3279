// Users (admins only): create, set role and sites, reset a password, disable, delete.
import { api } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { el } from "/assets/js/dom.js";
import { message, toast, dialog, confirmDanger, failed, siteName, field } from "./util.js";

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export function show(root, ctx) {
  if (ctx.user.role !== "admin") {
    root.append(el("section.card.notice", {}, el("p", {}, t("forbidden_page"))));
    return null;
  }
  const list = el("section.panel.card", {}, el("p.muted", {}, t("loading")));
  root.append(el("div.view-head", {}, el("h1", {}, t("users_title")), el("span.spacer"),
    el("button.btn#add-user", { type: "button", onclick: () => edit(null) }, "+ " + t("add_user"))), list);

  async function load() {
    try {
      const users = await api("/admin/users");
      users.sort((a, b) => a.username.localeCompare(b.username));
      list.replaceChildren(el("div.table-wrap", {}, el("table.data#users", {},
        el("thead", {}, el("tr", {}, ...["username", "full_name", "role", "sites", "status"].map((k) => el("th", {}, t(k))), el("th"))),
        el("tbody", {}, users.map(row)))));
    } catch (err) {
      failed(list, err, load);
    }
  }

  function row(u) {
    const sites = u.role === "admin" ? t("all_sites") : (u.sites || []).map((id) => siteName(ctx, id)).join(", ") || t("none");
    return el(`tr${u.disabled ? ".off" : ""}`, { dataset: { user: u.username } },
      el("td", {}, el("b", {}, u.username)), el("td", {}, u.full_name),
      el("td", {}, el(`span.role.${u.role}`, {}, t("role_" + u.role))),
      el("td", { style: "max-width:420px" }, sites),
      el("td", {}, u.disabled ? t("disabled") : t("active")),
      el("td", {}, el("div.row-actions", {},
        el("button.btn.secondary", { type: "button", onclick: () => edit(u) }, t("edit")),
        el("button.btn.secondary", { type: "button", onclick: () => resetPassword(u) }, t("reset_password")),
        el("button.btn.secondary", { type: "button", onclick: () => patch(u, { disabled: !u.disabled }) }, u.disabled ? t("enable") : t("disable")),
        u.username !== ctx.user.username ? el("button.btn.danger", { type: "button", onclick: () => remove(u) }, t("delete")) : null)));
  }

  async function edit(u) {
    const creating = !u;
    const username = el("input#u-username", { value: u ? u.username : "", disabled: !creating, autocomplete: "off" });
    const full = el("input#u-full", { value: u ? u.full_name : "", autocomplete: "off" });
    const pass = el("input#u-pass", { type: "password", autocomplete: "new-password" });
    const role = el("select#u-role", {}, ["officer", "supervisor", "admin"].map((r) => el("option", { value: r }, t("role_" + r))));
    role.value = u ? u.role : "officer";
    const filter = el("input", { type: "search", placeholder: t("find_site"), "aria-label": t("find_site") });
    const checks = el("div.checks#u-sites", {}, ctx.sites.map((s) => el("label", { dataset: { text: (s.name + " " + s.id).toLowerCase() } },
      el("input", { type: "checkbox", value: s.id, checked: u ? (u.sites || []).includes(s.id) : false }), name(s))));
    filter.oninput = () => {
      const q = filter.value.trim().toLowerCase();
      checks.querySelectorAll("label").forEach((l) => l.classList.toggle("hidden", q && !l.dataset.text.includes(q)));
    };
    const body = el("div", { style: "display:grid;gap:12px" },
      field(t("username"), username), field(t("full_name"), full),
      creating ? field(t("password"), pass, t("bad_password")) : null,
      field(t("role"), role), field(t("sites"), el("div", { style: "display:grid;gap:6px" }, filter, checks), t("sites_hint")));
    const ok = await dialog(creating ? t("add_user") : `${t("edit")} — ${u.username}`, body, [{
      label: t("save"), action: async () => {
        const req = {
          full_name: full.value.trim(), role: role.value,
          sites: [...checks.querySelectorAll("input:checked")].map((i) => i.value),
        };
        if (!req.full_name) throw new Error(t("need_name"));
        if (creating) {
          req.username = username.value.trim().toLowerCase();
          req.password = pass.value;
          if (!USERNAME.test(req.username)) throw new Error(t("bad_username"));
          if (req.password.length < 8 || req.password.length > 72) throw new Error(t("bad_password"));
          await api("/admin/users", { method: "POST", body: req });
        } else {
          await api("/admin/users/" + encodeURIComponent(u.username), { method: "PATCH", body: req });
        }
        return req.username || u.username;
      },
    }]);
    if (ok) {
      toast(t("user_saved", { name: ok }));
      load();
    }
  }

  async function resetPassword(u) {
    const pass = el("input", { type: "password", autocomplete: "new-password" });
    const ok = await dialog(`${t("reset_password")} — ${u.username}`, field(t("new_password"), pass), [{
      label: t("save"), action: async () => {
        if (pass.value.length < 8 || pass.value.length > 72) throw new Error(t("bad_password"));
        await api("/admin/users/" + encodeURIComponent(u.username), { method: "PATCH", body: { password: pass.value } });
      },
    }]);
    if (ok) toast(t("user_saved", { name: u.username }));
  }

  async function patch(u, body) {
    try {
      await api("/admin/users/" + encodeURIComponent(u.username), { method: "PATCH", body });
      toast(t("user_saved", { name: u.username }));
      load();
    } catch (err) {
      toast(message(err), "error");
    }
  }

  async function remove(u) {
    const ok = await confirmDanger(t("delete"), t("confirm_delete_user", { name: `${u.full_name} (${u.username})` }),
      () => api("/admin/users/" + encodeURIComponent(u.username), { method: "DELETE" }));
    if (ok) {
      toast(t("user_deleted", { name: u.username }));
      load();
    }
  }

  load();
  return null;
}
