// Time as the kiosk shows it: the server's clock (a kiosk's own clock is often wrong) in the
// organisation's time zone, with the shared formats of assets/js/time.js, and waits in words.
import { t } from "/assets/js/i18n.js";
import * as time from "/assets/js/time.js";

let zone = time.ZONE;

/** syncClock follows the server's "now" (GET /api/v1/config) and time zone. */
export function syncClock(serverNow, timezone) {
  time.clock.sync(serverNow);
  if (timezone) zone = timezone;
}

/** now is the server's time as a Date. */
export function now() {
  return time.clock.now();
}

/** hhmm is "09:05". */
export const hhmm = (d) => time.hhmm(d, zone);

/** dayName is "Thứ Hai" or "Monday". */
export const dayName = (wd) => time.weekday(wd);

/** longDate is "Thứ Hai, 23/11/2026". */
export const longDate = (d) => time.longDate(d, zone);

/** shortDate is "23/11/2026". */
export const shortDate = (d) => time.shortDate(d, zone);

/** minutes is a wait in words: "12 phút", "1 giờ 20 phút". */
export function minutes(n) {
  if (n < 60) return t("min", { n });
  return t("hourmin", { h: Math.floor(n / 60), m: String(n % 60).padStart(2, "0") });
}
