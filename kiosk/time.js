// Time as the kiosk shows it: the server's clock (a kiosk's own clock is often wrong) in the
// organisation's time zone, dd/MM/yyyy and 24-hour HH:mm as Vietnamese notices write them.
import { lang } from "/assets/js/api.js";
import { t } from "/assets/js/i18n.js";
import { dict } from "./strings.js";

let offset = 0;
let zone = "Asia/Ho_Chi_Minh";

/** syncClock follows the server's "now" (GET /api/v1/config) and time zone. */
export function syncClock(serverNow, timezone) {
  const at = Date.parse(serverNow);
  if (!Number.isNaN(at)) offset = at - Date.now();
  if (timezone) zone = timezone;
}

/** now is the server's time as a Date. */
export function now() {
  return new Date(Date.now() + offset);
}

/** parts splits a Date into the zone's local fields. */
export function parts(d) {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short",
  });
  const p = {};
  for (const { type, value } of f.formatToParts(d)) p[type] = value;
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return { ...p, wd: days.indexOf(p.weekday) };
}

/** hhmm is "09:05". */
export function hhmm(d) {
  const p = parts(d);
  return `${p.hour}:${p.minute}`;
}

/** dayName is "Thứ Hai" or "Monday". */
export function dayName(wd) {
  return (dict[lang()] || dict.vi).days[wd];
}

/** longDate is "Thứ Hai, 23/11/2026". */
export function longDate(d) {
  const p = parts(d);
  return `${dayName(p.wd)}, ${p.day}/${p.month}/${p.year}`;
}

/** shortDate is "23/11/2026". */
export function shortDate(d) {
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** minutes is a wait in words: "12 phút", "1 giờ 20 phút". */
export function minutes(n) {
  if (n < 60) return t("min", { n });
  return t("hourmin", { h: Math.floor(n / 60), m: String(n % 60).padStart(2, "0") });
}
