// Time on every page: the server's clock (a kiosk's, a TV's or a workstation's own clock is
// often wrong) and the dates and times as Vietnamese notices write them, in the
// organisation's time zone — 24-hour "09:05", "23/11/2026", "Thứ Hai, 23/11/2026" — or in
// English on the toggle ("Monday, 23 November 2026").
import { lang } from "./api.js";

/** ZONE is the organisation's time zone unless GET /api/v1/config says otherwise. */
export const ZONE = "Asia/Ho_Chi_Minh";

const WEEKDAYS = {
  vi: ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** ServerClock follows the server's clock: an offset from this machine's. */
export class ServerClock {
  constructor() {
    this.offset = 0; // server time minus this machine's, ms
  }

  /** sync takes the server's "now" (RFC 3339, GET /api/v1/config); with sentAt, the time
   * (Date.now()) the request was sent, half its round trip is added. */
  sync(serverNow, sentAt) {
    const at = Date.parse(serverNow || "");
    if (Number.isNaN(at)) return;
    this.offset = at + (sentAt ? (Date.now() - sentAt) / 2 : 0) - Date.now();
  }

  /** seen takes a server timestamp of something that has happened: the clock is never more
   * than slack ms behind it, so timers never start below zero. */
  seen(ts, slack = 0) {
    const at = Date.parse(ts || "");
    if (!Number.isNaN(at) && at - Date.now() > this.offset + slack) this.offset = at - Date.now();
  }

  /** ms is the server's time in milliseconds. */
  ms() {
    return Date.now() + this.offset;
  }

  /** now is the server's time as a Date. */
  now() {
    return new Date(this.ms());
  }

  /** age is how many milliseconds ago an RFC 3339 time was, by the server's clock. */
  age(at) {
    return this.ms() - Date.parse(at);
  }
}

/** clock is the page's server clock. */
export const clock = new ServerClock();

/** parts splits a Date (or ms) into its fields in a time zone: numbers y, m, d, wd (0 is
 * Sunday) and two-digit strings hh, mm, ss, dd, mo. */
export function parts(date, zone = ZONE) {
  const f = new Intl.DateTimeFormat("en-US", { timeZone: zone || ZONE, year: "numeric", month: "numeric", day: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", weekday: "short" });
  const p = Object.fromEntries(f.formatToParts(new Date(date)).map((x) => [x.type, x.value]));
  const wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  const two = (n) => String(n).padStart(2, "0");
  return { y: +p.year, m: +p.month, d: +p.day, wd, hh: p.hour, mm: p.minute, ss: p.second, dd: two(p.day), mo: two(p.month) };
}

/** hhmm is "09:05" (with seconds, "09:05:07"). */
export function hhmm(date, zone = ZONE, seconds = false) {
  const p = parts(date, zone);
  return seconds ? `${p.hh}:${p.mm}:${p.ss}` : `${p.hh}:${p.mm}`;
}

/** shortDate is "23/11/2026". */
export function shortDate(date, zone = ZONE) {
  const p = parts(date, zone);
  return `${p.dd}/${p.mo}/${p.y}`;
}

/** weekday is the name of day wd (0 is Sunday) in the page's language: "Thứ Hai", "Monday". */
export function weekday(wd) {
  return (WEEKDAYS[lang()] || WEEKDAYS.vi)[wd];
}

/** longDate is "Thứ Hai, 23/11/2026" (English: "Monday, 23 November 2026"). */
export function longDate(date, zone = ZONE) {
  const p = parts(date, zone);
  if (lang() === "en") return `${weekday(p.wd)}, ${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}`;
  return `${weekday(p.wd)}, ${p.dd}/${p.mo}/${p.y}`;
}

/** day formats a day given as YYYY-MM-DD (a report's day, no time zone): "23/11/2026"
 * (English: "23 Nov 2026"). */
export function day(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  if (lang() === "en") return `${d} ${MONTHS_EN[m - 1].slice(0, 3)} ${y}`;
  return `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
}
