// Small helpers of the workstation: the server's clock, durations, the toast, the screens.
import { t } from "/assets/js/i18n.js";
import { clock, hhmm, ZONE } from "/assets/js/time.js";
import { $ } from "/assets/js/dom.js";

/** syncClock takes the server's "now" (RFC 3339) from a request sent at sentAt (Date.now()). */
export const syncClock = (serverNow, sentAt) => clock.sync(serverNow, sentAt);

/** seen takes a server timestamp (RFC 3339) of something that has happened: the page's
 * clock is never behind it, so timers never start below zero. */
export const seen = (ts) => clock.seen(ts, 1000);

/** now is the server's current time in ms, so timers agree with the server's timestamps. */
export const now = () => clock.ms();

/** since renders the time from an RFC 3339 timestamp to now as m:ss or h:mm:ss. */
export function since(ts) {
  if (!ts) return "";
  return duration(Math.max(0, now() - Date.parse(ts)) / 1000);
}

/** duration renders seconds as m:ss, or h:mm:ss past an hour. */
export function duration(sec) {
  sec = Math.floor(sec);
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = String(sec % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** timeOfDay renders a timestamp (ms) as HH:MM (HH:MM:SS) in Vietnam's time. */
export const timeOfDay = (ms, withSeconds = false) => hhmm(ms, ZONE, withSeconds);

let toastTimer = 0;

/** toast shows a short message: kind is "info", "ok" or "error"; errors stay longer. */
export function toast(message, kind = "info") {
  const box = $("toast");
  box.textContent = message;
  box.className = "toast " + kind;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => box.classList.add("hidden"), kind === "error" ? 7000 : 3500);
}

/** show makes one screen visible. */
export function show(screen) {
  document.querySelectorAll(".screen").forEach((s) => s.classList.toggle("hidden", s.id !== "screen-" + screen));
  document.body.dataset.screen = screen;
}

/** minutes renders a count of minutes in words. */
export function minutes(n) {
  return t("min", { n });
}

/** tick refreshes the live timers and the clock, every second. */
export function tick() {
  $("top-clock").textContent = timeOfDay(now());
  document.querySelectorAll("[data-since]").forEach((b) => {
    if (b.dataset.since) b.textContent = since(b.dataset.since);
  });
}
