// Small helpers of the admin area: numbers, dates, site names, messages and dialogs.
import { ApiError, lang } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { holdFocus } from "/assets/js/focus.js";
import { day } from "/assets/js/time.js";
import { el } from "/assets/js/dom.js";

/** num formats a figure the way people read it: 7,5 in Vietnamese, 7.5 in English. */
export function num(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return t("none");
  return new Intl.NumberFormat(lang() === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: digits }).format(x);
}

/** date formats a YYYY-MM-DD as 23/11/2026 (or 23 Nov 2026): assets/js/time.js's day. */
export { day as date };

/** iso is a Date's local calendar day as YYYY-MM-DD. */
export function iso(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** shortName drops the kind from a site's name: "Điểm tiếp nhận phường Phú Cường" → "Phường Phú Cường". */
export function shortName(name) {
  const s = name.replace(/^(Điểm tiếp nhận|Chi nhánh|Reception point|Branch)\s+/i, "")
    .replace(/\s+(reception point|branch)$/i, "");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** message turns an error into a calm sentence for people. */
export function message(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return t("err_network");
    return err.message;
  }
  if (err instanceof Error && !(err instanceof TypeError)) return err.message; // our own checks
  return t("err_generic", { msg: String(err && err.message ? err.message : err) });
}

let toastTimer = 0;
/** toast shows a short message at the bottom; kind is "ok" or "error". */
export function toast(text, kind = "ok") {
  let box = document.getElementById("toast");
  if (!box) {
    box = el("div#toast", { role: "status", "aria-live": "polite" });
    document.body.append(box);
  }
  // an error interrupts a screen reader (alert); anything else waits its turn (status)
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.setAttribute("aria-live", kind === "error" ? "assertive" : "polite");
  box.className = "toast " + kind;
  box.textContent = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.className = "toast hidden"), kind === "error" ? 7000 : 3500);
}

/**
 * dialog opens a modal with a title, a body and buttons; it resolves with the value the
 * pressed button's action returns (or null when cancelled). An action that throws keeps the
 * dialog open and shows the error inside it.
 */
export function dialog(title, body, buttons) {
  return new Promise((resolve) => {
    const error = el("p.dialog-error.hidden", { role: "alert" });
    const close = (v) => {
      back.remove();
      release();
      resolve(v);
    };
    const row = el("div.dialog-buttons", {},
      el("button.btn.secondary", { type: "button", onclick: () => close(null) }, buttons.length ? t("cancel") : t("close")),
      ...buttons.map((b) => el(`button.btn${b.kind ? "." + b.kind : ""}`, {
        type: "button",
        onclick: async (e) => {
          e.target.disabled = true;
          try {
            const v = await b.action();
            close(v ?? true);
          } catch (err) {
            error.textContent = message(err);
            error.classList.remove("hidden");
            e.target.disabled = false;
          }
        },
      }, b.label)));
    const box = el("div.dialog.card", { role: "dialog", "aria-modal": "true", "aria-label": title },
      el("h2", {}, title), body, error, row);
    const back = el("div.dialog-back", { onclick: (e) => e.target === back && close(null) }, box);
    document.body.append(back);
    const release = holdFocus(box, () => close(null));
    const first = box.querySelector("input, select, textarea, button.btn:not(.secondary)");
    first && first.focus();
  });
}

/**
 * confirmDanger asks before an action that cannot be undone: a dialog titled title says text,
 * and its one (danger) button, which says the title too, runs action. It resolves as dialog
 * does: with the action's result, or null when the person thinks better of it.
 */
export function confirmDanger(title, text, action) {
  return dialog(title, el("p", {}, text), [{ label: title, kind: "danger", action }]);
}

/**
 * paint puts nodes in place of box's content, unless they show exactly what is there: a live
 * view that reloads on every event then leaves the page alone when nothing it shows changed,
 * so a click, the keyboard's focus or a screen reader's place is not lost to a rebuild.
 */
export function paint(box, ...nodes) {
  const next = document.createElement("div");
  next.append(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  if (next.innerHTML === box.innerHTML) return;
  box.replaceChildren(...next.childNodes);
}

/** failed shows, in place of box's content, why loading failed and a button to try again. */
export function failed(box, err, retry) {
  box.replaceChildren(el("p.form-error", {}, message(err)), el("button.btn", { type: "button", onclick: retry }, t("retry")));
}

/** siteName is the name of the site id among the user's sites (ctx.sites), or the id. */
export function siteName(ctx, id) {
  const s = ctx.sites.find((x) => x.id === id);
  return s ? name(s) : id;
}

/** field is a labelled form control. */
export function field(label, control, hint) {
  return el("label.field", {}, el("span", {}, label), control, hint ? el("small.muted", {}, hint) : null);
}
