// The workstation's dialogs: pause reason, transfer target, call a given number, priority,
// and confirmation. Each returns a promise of the choice, or null when cancelled (Esc); each
// but confirm asks about desk d (desk.js).
import { t, name } from "/assets/js/i18n.js";
import { serviceName, category, counterLabel } from "./state.js";
import { current } from "./desk.js";
import { $, el } from "/assets/js/dom.js";
import { since } from "./util.js";
import { holdFocus } from "/assets/js/focus.js";

/** open shows a dialog and resolves with what pick() gives, or null when it closes. */
function open(dlg, setup) {
  return new Promise((resolve) => {
    let done = false;
    let release = () => {};
    const finish = (v) => {
      if (done) return;
      done = true;
      dlg.removeEventListener("keydown", keys);
      if (dlg.open) dlg.close();
      release();
      resolve(v);
    };
    const pick = (v) => finish(v);
    let onKey = () => false;
    const keys = (e) => {
      if (onKey(e)) e.preventDefault();
    };
    dlg.addEventListener("keydown", keys);
    dlg.addEventListener("close", () => finish(null), { once: true });
    dlg.querySelectorAll("[data-close]").forEach((b) => (b.onclick = () => finish(null)));
    onKey = setup(pick) || onKey;
    release = holdFocus(dlg); // Escape is the native dialog's own (its "close" above)
    dlg.showModal();
  });
}

/** choices fills a box with numbered buttons; a digit key picks one. */
function choices(box, items, pick, start = 1) {
  box.replaceChildren(...items.map((it, i) => {
    const b = el("button", { class: "choice" + (it.cls ? " " + it.cls : "") });
    b.type = "button";
    b.dataset.value = it.value;
    const n = start + i;
    if (n <= 9) b.append(el("kbd", {}, String(n)));
    b.append(el("span.label", {}, it.label));
    if (it.sub) b.append(el("span.sub", {}, it.sub));
    b.disabled = !!it.disabled;
    b.onclick = () => pick(it);
    return b;
  }));
  return (e) => {
    if (e.target.tagName === "INPUT" && e.target.type !== "checkbox") return false;
    const n = Number(e.key);
    if (n >= start && n < start + items.length && n <= 9 && !items[n - start].disabled) {
      pick(items[n - start]);
      return true;
    }
    return false;
  };
}

/** askPause asks for the reason of a pause: a configured reason id, or the note for "other". */
export function askPause(d) {
  const dlg = $("dlg-pause");
  const reasons = d.ctx.cfg?.pause_reasons || [];
  $("pause-lead").textContent = t("pause.lead", { n: reasons.length });
  $("pause-note").value = "";
  return open(dlg, (pick) => choices($("pause-choices"), reasons.map((r) => ({ value: r.id, label: name(r) })), (it) => {
    const note = $("pause-note").value.trim();
    pick(it.value === "other" && note ? note : it.value);
  }));
}

/** askTransfer asks where the current ticket goes: {service} or {counter}, and keep_place. */
export function askTransfer(d) {
  const dlg = $("dlg-transfer");
  const cur = current(d);
  $("transfer-title").textContent = t("transfer.title", { n: cur.number });
  $("transfer-keep").checked = true;
  const services = (d.site?.services || []).filter((s) => s.id !== cur.service);
  const counters = (d.site?.counters || []).filter((c) => c.id !== d.counterId);
  return open(dlg, (pick) => {
    const done = (body) => pick({ ...body, keep_place: $("transfer-keep").checked });
    const keys = choices($("transfer-services"), services.map((s) => ({
      value: s.id, label: `${s.prefix} · ${serviceName(d.ctx, s.id)}`, sub: `${s.waiting} ${t("q.waiting")}`,
    })), (it) => done({ service: it.value }));
    const cbox = $("transfer-counters");
    cbox.replaceChildren(...counters.map((c) => {
      const b = el("button", { class: "choice compact " + c.state });
      b.type = "button";
      b.dataset.value = c.id;
      b.append(el("span.label", {}, counterLabel(c)), el("span.sub", {}, t("state." + c.state)));
      b.onclick = () => done({ counter: c.id });
      return b;
    }));
    return keys;
  });
}

/** askCall asks which waiting ticket to call out of order; resolves with its id. */
export function askCall(d) {
  const dlg = $("dlg-call");
  const input = $("call-q");
  const list = $("call-results");
  let results = [];
  let sel = 0;
  let seq = 0;
  const draw = () => {
    if (!results.length) {
      list.replaceChildren(el("li.none", {}, t("call.none")));
      return;
    }
    list.replaceChildren(...results.map((tk, i) => {
      const li = el("li", { class: "result" + (i === sel ? " sel" : "") });
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === sel));
      li.dataset.ticket = tk.id;
      li.append(el("b.num", {}, tk.number), el("span.svc", {}, serviceName(d.ctx, tk.service)));
      if (tk.priority) li.append(el("span.prio", {}, "★ " + name(category(d.ctx, tk.priority))));
      if (tk.reserved_for) li.append(el("span.res", {}, t("call.reserved", { c: tk.reserved_for })));
      li.append(el("span.age", {}, since(tk.issued_at)));
      return li;
    }));
    list.querySelector(".sel")?.scrollIntoView({ block: "nearest" });
  };
  const search = async () => {
    const mine = ++seq;
    try {
      const q = encodeURIComponent(input.value.trim());
      const res = await d.ctx.call(`/sites/${encodeURIComponent(d.siteId)}/waiting?limit=50&q=${q}`);
      if (mine !== seq) return;
      results = res.tickets;
      sel = 0;
      draw();
    } catch (e) {
      if (mine === seq) list.replaceChildren(el("li.none.error", {}, e.message));
    }
  };
  input.value = "";
  results = [];
  list.replaceChildren();
  let timer = 0;
  input.oninput = () => {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  };
  search();
  setTimeout(() => input.focus(), 0);
  return open(dlg, (pick) => {
    list.onclick = (e) => {
      const li = e.target.closest("[data-ticket]");
      if (li) pick(li.dataset.ticket);
    };
    $("call-form").onsubmit = (e) => {
      e.preventDefault();
      if (results[sel]) pick(results[sel].id);
    };
    return (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        sel = Math.max(0, Math.min(results.length - 1, sel + (e.key === "ArrowDown" ? 1 : -1)));
        draw();
        return true;
      }
      return false;
    };
  });
}

/** askPriority asks to confirm, change or remove the current ticket's priority; resolves with
 * the category id ("" removes). */
export function askPriority(d) {
  const dlg = $("dlg-priority");
  const cur = current(d);
  $("prio-title").textContent = t("prio.title", { n: cur.number });
  const items = (d.ctx.cfg?.priority || []).map((c) => ({
    value: c.id, label: name(c), cls: c.id === cur.priority ? "current" : "",
    sub: c.id === cur.priority ? t("prio.confirm") : "",
  }));
  items.push({ value: "", label: t("prio.remove"), cls: "remove", disabled: !cur.priority && !cur.priority_by });
  return open(dlg, (pick) => choices($("prio-choices"), items, (it) => pick({ priority: it.value })));
}

/** confirm asks a yes or no question; Enter says yes. */
export function confirm(title) {
  const dlg = $("dlg-confirm");
  $("confirm-title").textContent = title;
  setTimeout(() => $("confirm-go").focus(), 0);
  return open(dlg, (pick) => {
    $("confirm-form").onsubmit = (e) => {
      e.preventDefault();
      pick(true);
    };
  });
}
