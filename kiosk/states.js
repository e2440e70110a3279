// The kiosk's states beside its normal screen: outside opening hours (with the hours), the
// system unavailable (a calm message while it reconnects by itself), a passing message, and
// the idle screen after a minute without a touch.
import { t } from "/assets/js/i18n.js";
import { dayName, hhmm, longDate } from "./time.js";
import { $, el } from "/assets/js/dom.js";

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WD = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 0 };

/** showClosed shows (or hides) the outside-hours screen of site view v. */
export function showClosed(v) {
  const closed = v && !v.open_now;
  $("closed").classList.toggle("hidden", !closed);
  if (!closed) return;
  const next = v.next_open ? new Date(v.next_open) : null;
  $("closed-next").textContent = next ? t("closed.next", { time: hhmm(next), day: longDate(next) }) : "";
  const dl = $("closed-hours");
  dl.replaceChildren();
  for (const row of weekRows(v.hours || [])) {
    dl.append(el("dt", {}, row.days),
      el("dd", {}, row.sessions.length ? row.sessions.map((s) => s.replace("-", "–")).join(", ") : t("closed.shut")));
  }
}

/** weekRows merges consecutive days with the same sessions: "Thứ Hai – Thứ Sáu". */
export function weekRows(hours) {
  const byDay = new Map(hours.map((h) => [h.day, h.sessions || []]));
  const rows = [];
  for (const day of WEEK) {
    const sessions = byDay.get(day) || [];
    const last = rows[rows.length - 1];
    if (last && last.key === sessions.join(",")) {
      last.to = day;
    } else {
      rows.push({ from: day, to: day, key: sessions.join(","), sessions });
    }
  }
  return rows.map((r) => ({
    days: r.from === r.to ? dayName(WD[r.from]) : `${dayName(WD[r.from])} – ${dayName(WD[r.to])}`,
    sessions: r.sessions,
  }));
}

/** down shows or hides the "system unavailable" screen. */
export function down(on) {
  $("down").classList.toggle("hidden", !on);
  document.body.classList.toggle("is-down", on);
}

/** isDown reports whether the unavailable screen is up. */
export function isDown() {
  return !$("down").classList.contains("hidden");
}

let toastTimer = 0;

/** toast shows a message for a few seconds. */
export function toast(text) {
  const el = $("toast");
  el.textContent = text;
  el.classList.remove("hidden");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.add("hidden"), 7000);
}

// IDLE_MS is a minute; ?idle=<seconds> on the kiosk's address changes it (tests, demos).
const IDLE_MS = Math.max(3, Number(new URLSearchParams(location.search).get("idle")) || 60) * 1000;
let lastTouch = Date.now();

/** watchIdle shows the idle screen after a minute without a touch when allowed() says so;
 * a tap on it calls wake() (the tap itself does not reach the buttons below). */
export function watchIdle(allowed, wake) {
  const touched = () => {
    lastTouch = Date.now();
  };
  for (const ev of ["pointerdown", "keydown", "touchstart"]) document.addEventListener(ev, touched, { capture: true, passive: true });
  const idle = $("idle");
  idle.addEventListener("click", (ev) => {
    ev.preventDefault();
    ev.stopPropagation();
    idle.classList.add("hidden");
    wake();
  });
  setInterval(() => {
    if (Date.now() - lastTouch >= IDLE_MS && allowed() && idle.classList.contains("hidden")) {
      idle.classList.remove("hidden");
    }
  }, 1000);
}
