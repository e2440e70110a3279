// What the hall display and the counter display share: the clock and date in Vietnamese,
// finding the site, the error and pairing screens, and the marker of a lost connection.
import { api, ApiError, lang } from "/assets/js/api.js";
import { t } from "/assets/js/i18n.js";
import { resolveSite, storeToken } from "./pairing.js";

const WEEKDAYS_VI = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** localParts splits a Date into its fields in a time zone. */
export function localParts(date, timeZone) {
  const f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short" });
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  const wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  return { y: +p.year, m: +p.month, d: +p.day, hh: p.hour, mm: p.minute, wd };
}

/** clockText gives "09:41" and "Thứ Năm, 26/11/2026" (or "Thursday, 26 November 2026"). */
export function clockText(date, timeZone) {
  const p = localParts(date, timeZone);
  const time = `${p.hh}:${p.mm}`;
  const dd = String(p.d).padStart(2, "0");
  const mm = String(p.m).padStart(2, "0");
  if (lang() === "en") return { time, date: `${WEEKDAYS_EN[p.wd]}, ${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}` };
  return { time, date: `${WEEKDAYS_VI[p.wd]}, ${dd}/${mm}/${p.y}` };
}

/**
 * showScreen covers the page with a message: kind "unpaired" (with the pairing form),
 * "revoked", "unknown_site" or "unavailable". null hides it.
 */
export function showScreen(kind) {
  const screen = document.getElementById("screen");
  if (!kind) {
    screen.classList.add("hidden");
    return;
  }
  document.getElementById("screen-title").textContent = t(`screen_${kind}_title`);
  document.getElementById("screen-text").textContent = t(`screen_${kind}_text`);
  const form = document.getElementById("pair-form");
  form.classList.toggle("hidden", kind !== "unpaired" && kind !== "revoked");
  form.onsubmit = (e) => {
    e.preventDefault();
    const code = document.getElementById("pair-code").value.trim();
    if (code) {
      storeToken(code);
      location.reload();
    }
  };
  screen.classList.remove("hidden");
}

/**
 * waitForSite finds the display's site and checks that it exists, then runs load (if given),
 * trying again every 5 s while the server is unavailable. It returns the site, or null once
 * it has shown a screen the display cannot leave by itself (unpaired, revoked, unknown site).
 */
export async function waitForSite(load) {
  for (;;) {
    try {
      const { site } = await resolveSite();
      await api(`/sites/${encodeURIComponent(site)}`);
      if (load) await load();
      return site;
    } catch (e) {
      const code = e instanceof ApiError ? e.code : "";
      const final = code === "unpaired" || code === "revoked" ? code
        : e instanceof ApiError && e.status === 404 ? "unknown_site" : "";
      if (final) {
        showScreen(final);
        return null;
      }
      showScreen("unavailable");
      window.__display.state = "unavailable";
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
}

/** offlineMarker shows the marker when the feed has been down for more than 1.5 s. */
export function offlineMarker() {
  const el = document.getElementById("offline");
  let timer = 0;
  return (up) => {
    clearTimeout(timer);
    if (up) el.classList.add("hidden");
    else timer = setTimeout(() => el.classList.remove("hidden"), 1500);
  };
}

/** screenTexts are the dictionary entries of the screens, for both pages. */
export const screenTexts = {
  vi: {
    screen_unpaired_title: "Màn hình chưa được ghép nối",
    screen_unpaired_text: "Mở đường dẫn ghép nối do quản trị viên cấp (…/display/#pair=…), hoặc nhập mã ghép nối của màn hình dưới đây.",
    screen_revoked_title: "Mã ghép nối không còn hiệu lực",
    screen_revoked_text: "Thiết bị này đã bị thu hồi hoặc mã không đúng. Vui lòng nhập mã ghép nối mới do quản trị viên cấp.",
    screen_unknown_site_title: "Không tìm thấy điểm phục vụ",
    screen_unknown_site_text: "Địa chỉ màn hình có mã điểm phục vụ không đúng. Vui lòng kiểm tra lại đường dẫn.",
    screen_unknown_counter_title: "Không tìm thấy quầy",
    screen_unknown_counter_text: "Điểm phục vụ này không có quầy như trong đường dẫn. Vui lòng kiểm tra lại.",
    screen_unavailable_title: "Đang kết nối tới hệ thống…",
    screen_unavailable_text: "Hệ thống tạm thời gián đoạn. Màn hình sẽ tự kết nối lại, xin vui lòng chờ trong giây lát.",
    pair_label: "Mã ghép nối",
    pair_button: "Ghép nối",
    reconnecting: "Đang kết nối lại…",
  },
  en: {
    screen_unpaired_title: "This display is not paired yet",
    screen_unpaired_text: "Open the pairing link an administrator gives (…/display/#pair=…), or type the display's pairing code below.",
    screen_revoked_title: "The pairing code no longer works",
    screen_revoked_text: "This device was revoked or the code is wrong. Please enter a new pairing code from an administrator.",
    screen_unknown_site_title: "No such service site",
    screen_unknown_site_text: "The display's address names a site that does not exist. Please check the link.",
    screen_unknown_counter_title: "No such counter",
    screen_unknown_counter_text: "This site has no counter as named in the link. Please check it.",
    screen_unavailable_title: "Connecting to the system…",
    screen_unavailable_text: "The system is briefly unavailable. The display reconnects by itself; please wait a moment.",
    pair_label: "Pairing code",
    pair_button: "Pair",
    reconnecting: "Reconnecting…",
  },
};
